package npukit.isa;

/** Vector ALU operations (isa.md, "VALU"); the code is the 3-bit `op` field. */
public enum ValuOp {
    ADD(0), MAX(1), MIN(2), SHR(3), CLAMP(4);

    private final int code;

    ValuOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ValuOp fromCode(int code) {
        for (ValuOp op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new IllegalArgumentException("no VALU op with code " + code);
    }
}
