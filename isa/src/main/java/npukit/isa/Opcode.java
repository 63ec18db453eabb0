package npukit.isa;

/** Opcodes and their 4-bit codes (isa.md, "Binary encoding"). */
public enum Opcode {
    LOAD(1, Queue.LOAD),
    STORE(2, Queue.STORE),
    GEMM(3, Queue.COMPUTE),
    QUANT(4, Queue.COMPUTE),
    VALU(5, Queue.COMPUTE),
    FINISH(15, Queue.DISPATCHER);

    private final int code;
    private final Queue queue;

    Opcode(int code, Queue queue) {
        this.code = code;
        this.queue = queue;
    }

    public int code() {
        return code;
    }

    public Queue queue() {
        return queue;
    }

    public static Opcode fromCode(int code) {
        for (Opcode op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new IllegalArgumentException("no opcode " + code);
    }
}
