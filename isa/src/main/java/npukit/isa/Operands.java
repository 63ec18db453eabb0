package npukit.isa;

import java.util.List;
import java.util.Map;

/**
 * The operands of each opcode in isa.md table order, and the conversion between an instruction and
 * its operand values in that order. The encoder and the assembler both go through here, so adding
 * a field to an instruction is one change.
 *
 * <p>Values are raw: MEM is 0 for sp and 1 for acc, OP is the {@link ValuOp} code, FLAG is 0 or 1,
 * IMM is the signed value.
 */
public final class Operands {

    private static final List<Operand> TRANSFER = List.of(
            new Operand("mem", OperandKind.MEM), new Operand("row", OperandKind.ROW),
            new Operand("hbm", OperandKind.HBM), new Operand("rows", OperandKind.COUNT),
            new Operand("bytes", OperandKind.BYTES), new Operand("stride", OperandKind.HBM));

    private static final Map<Opcode, List<Operand>> BY_OPCODE = Map.of(
            Opcode.LOAD, TRANSFER,
            Opcode.STORE, TRANSFER,
            Opcode.GEMM, List.of(
                    new Operand("a", OperandKind.ROW), new Operand("b", OperandKind.ROW),
                    new Operand("c", OperandKind.ROW), new Operand("m", OperandKind.COUNT),
                    new Operand("k", OperandKind.K), new Operand("n", OperandKind.COUNT),
                    new Operand("preload", OperandKind.FLAG), new Operand("accumulate", OperandKind.FLAG)),
            Opcode.QUANT, List.of(
                    new Operand("src", OperandKind.ROW), new Operand("dst", OperandKind.ROW),
                    new Operand("rows", OperandKind.COUNT), new Operand("params", OperandKind.ROW),
                    new Operand("relu", OperandKind.FLAG)),
            Opcode.VALU, List.of(
                    new Operand("op", OperandKind.OP), new Operand("mem", OperandKind.MEM),
                    new Operand("dst", OperandKind.ROW), new Operand("src1", OperandKind.ROW),
                    new Operand("src2", OperandKind.ROW), new Operand("rows", OperandKind.COUNT),
                    new Operand("imm", OperandKind.IMM), new Operand("imm2", OperandKind.IMM),
                    new Operand("use-imm", OperandKind.FLAG)),
            Opcode.FINISH, List.of());

    private Operands() {
    }

    /** The operands of an opcode, in isa.md table order. */
    public static List<Operand> of(Opcode opcode) {
        return BY_OPCODE.get(opcode);
    }

    /** The instruction's operand values, in the order of {@link #of(Opcode)}. */
    public static long[] values(Instruction ins) {
        // Java 17 has no pattern switch; the sealed interface keeps this chain complete.
        if (ins instanceof Instruction.Load l) {
            return new long[] {mem(l.mem()), l.row(), l.hbm(), l.rows(), l.bytes(), l.stride()};
        }
        if (ins instanceof Instruction.Store s) {
            return new long[] {mem(s.mem()), s.row(), s.hbm(), s.rows(), s.bytes(), s.stride()};
        }
        if (ins instanceof Instruction.Gemm g) {
            return new long[] {g.a(), g.b(), g.c(), g.m(), g.k(), g.n(), flag(g.preload()), flag(g.accumulate())};
        }
        if (ins instanceof Instruction.Quant q) {
            return new long[] {q.src(), q.dst(), q.rows(), q.params(), flag(q.relu())};
        }
        if (ins instanceof Instruction.Valu v) {
            return new long[] {v.op().code(), mem(v.mem()), v.dst(), v.src1(), v.src2(), v.rows(), v.imm(), v.imm2(),
                flag(v.useImm())};
        }
        if (ins instanceof Instruction.Finish) {
            return new long[0];
        }
        throw new IllegalArgumentException("instruction = " + ins + ": must be one of " + java.util.Arrays.toString(Opcode.values()));
    }

    /**
     * The instruction with these operand values. Raw values a record cannot hold (a MEM other than
     * 0 or 1, an unknown VALU op, an immediate outside 16 bits) are rejected with the operand's name.
     */
    public static Instruction instruction(Opcode opcode, Tokens tokens, long[] v) {
        int expected = of(opcode).size();
        if (v.length != expected) {
            throw new IllegalArgumentException(opcode + ": " + v.length + " operand values given, needs " + expected);
        }
        try {
            return build(opcode, tokens, v);
        } catch (IllegalArgumentException e) {
            String prefix = opcode + ": ";
            throw e.getMessage().startsWith(prefix) ? e : new IllegalArgumentException(prefix + e.getMessage(), e);
        }
    }

    private static Instruction build(Opcode opcode, Tokens tokens, long[] v) {
        return switch (opcode) {
            case LOAD -> new Instruction.Load(tokens, mem(v[0]), v[1], v[2], v[3], v[4], v[5]);
            case STORE -> new Instruction.Store(tokens, mem(v[0]), v[1], v[2], v[3], v[4], v[5]);
            case GEMM -> new Instruction.Gemm(tokens, v[0], v[1], v[2], v[3], v[4], v[5], flag("preload", v[6]),
                    flag("accumulate", v[7]));
            case QUANT -> new Instruction.Quant(tokens, v[0], v[1], v[2], v[3], flag("relu", v[4]));
            case VALU -> new Instruction.Valu(tokens, op(v[0]), mem(v[1]), v[2], v[3], v[4], v[5], imm("imm", v[6]),
                    imm("imm2", v[7]), flag("use-imm", v[8]));
            case FINISH -> {
                if (!tokens.equals(Tokens.NONE)) {
                    throw new IllegalArgumentException("FINISH: token flags = " + tokens.bits()
                            + ": FINISH carries no token flags");
                }
                yield new Instruction.Finish();
            }
        };
    }

    private static long mem(MemorySpace mem) {
        return mem == MemorySpace.SP ? 0 : 1;
    }

    private static MemorySpace mem(long raw) {
        if (raw == 0) {
            return MemorySpace.SP;
        }
        if (raw == 1) {
            return MemorySpace.ACC;
        }
        throw new IllegalArgumentException("mem = " + raw + ": must be 0 (sp) or 1 (acc)");
    }

    private static ValuOp op(long raw) {
        for (ValuOp op : ValuOp.values()) {
            if (op.code() == raw) {
                return op;
            }
        }
        throw new IllegalArgumentException("op = " + raw + ": must be a VALU op code (ADD 0, MAX 1, MIN 2, SHR 3, CLAMP 4)");
    }

    private static long flag(boolean b) {
        return b ? 1 : 0;
    }

    private static boolean flag(String name, long raw) {
        if (raw != 0 && raw != 1) {
            throw new IllegalArgumentException(name + " = " + raw + ": must be 0 or 1");
        }
        return raw == 1;
    }

    private static int imm(String name, long raw) {
        if (raw < Instruction.IMM_MIN || raw > Instruction.IMM_MAX) {
            throw new IllegalArgumentException(name + " = " + raw + ": must be a signed 16-bit value, "
                    + Instruction.IMM_MIN + ".." + Instruction.IMM_MAX);
        }
        return (int) raw;
    }
}
