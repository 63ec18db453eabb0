package npukit.isa;

/**
 * One NPU instruction (isa.md). Records hold field values only; whether they fit a given chip is
 * checked by {@link ProgramValidator}, since limits depend on the config.
 */
public sealed interface Instruction
        permits Instruction.Load, Instruction.Store, Instruction.Gemm, Instruction.Quant, Instruction.Valu,
        Instruction.Finish {

    /** Range of the signed 16-bit VALU immediates. */
    int IMM_MIN = -32768;
    int IMM_MAX = 32767;

    Opcode opcode();

    Tokens tokens();

    default Queue queue() {
        return opcode().queue();
    }

    /** HBM to sp or acc: rows x bytes, HBM rows `stride` bytes apart. */
    record Load(Tokens tokens, MemorySpace mem, long row, long hbm, long rows, long bytes, long stride)
            implements Instruction {
        public Load {
            Fields.transfer("LOAD", tokens, mem, row, hbm, rows, bytes, stride);
        }

        public Opcode opcode() {
            return Opcode.LOAD;
        }
    }

    /** sp or acc to HBM. */
    record Store(Tokens tokens, MemorySpace mem, long row, long hbm, long rows, long bytes, long stride)
            implements Instruction {
        public Store {
            Fields.transfer("STORE", tokens, mem, row, hbm, rows, bytes, stride);
        }

        public Opcode opcode() {
            return Opcode.STORE;
        }
    }

    /** Matrix multiply on the array; the meaning of a, b, c follows the chip's dataflow (isa.md). */
    record Gemm(Tokens tokens, long a, long b, long c, long m, long k, long n, boolean preload, boolean accumulate)
            implements Instruction {
        public Gemm {
            Fields.tokens("GEMM", tokens);
            if ((a | b | c | m | k | n) < 0) {
                Fields.unsigned("GEMM", "a", a, "b", b, "c", c, "m", m, "k", k, "n", n);
            }
        }

        public Opcode opcode() {
            return Opcode.GEMM;
        }
    }

    /** acc rows through the quantization lanes into sp rows; per-lane registers at acc rows params..params+3. */
    record Quant(Tokens tokens, long src, long dst, long rows, long params, boolean relu) implements Instruction {
        public Quant {
            Fields.tokens("QUANT", tokens);
            if ((src | dst | rows | params) < 0) {
                Fields.unsigned("QUANT", "src", src, "dst", dst, "rows", rows, "params", params);
            }
        }

        public Opcode opcode() {
            return Opcode.QUANT;
        }
    }

    /** Element-wise vector op over rows of one memory. */
    record Valu(Tokens tokens, ValuOp op, MemorySpace mem, long dst, long src1, long src2, long rows, int imm,
            int imm2, boolean useImm) implements Instruction {
        public Valu {
            Fields.tokens("VALU", tokens);
            Fields.nonNull("VALU", "op", op);
            Fields.nonNull("VALU", "mem", mem);
            if ((dst | src1 | src2 | rows) < 0) {
                Fields.unsigned("VALU", "dst", dst, "src1", src1, "src2", src2, "rows", rows);
            }
            Fields.imm("VALU", "imm", imm);
            Fields.imm("VALU", "imm2", imm2);
        }

        public Opcode opcode() {
            return Opcode.VALU;
        }
    }

    /** Ends the program once every queue has drained. */
    record Finish() implements Instruction {
        public Opcode opcode() {
            return Opcode.FINISH;
        }

        public Tokens tokens() {
            return Tokens.NONE;
        }
    }
}
