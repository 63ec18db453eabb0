package npukit.isa;

/**
 * Checks shared by the instruction records' constructors: what holds for every chip (present,
 * non-negative, immediates in 16 bits). Limits that depend on the chip are {@link ProgramValidator}'s.
 */
final class Fields {

    private Fields() {
    }

    static void nonNull(String opcode, String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(opcode + ": " + field + " = null: is required");
        }
    }

    static void tokens(String opcode, Tokens tokens) {
        nonNull(opcode, "tokens", tokens);
    }

    static void transfer(String opcode, Tokens tokens, MemorySpace mem, long row, long hbm, long rows, long bytes,
            long stride) {
        tokens(opcode, tokens);
        nonNull(opcode, "mem", mem);
        if ((row | hbm | rows | bytes | stride) < 0) {
            unsigned(opcode, "row", row, "hbm", hbm, "rows", rows, "bytes", bytes, "stride", stride);
        }
    }

    /**
     * Name/value pairs, each of which must be at least 0: the encoding has no sign bit for them. Callers
     * test the values first (a negative one has its sign bit in their OR), so that building an instruction
     * boxes nothing: compiles build millions of them.
     */
    static void unsigned(String opcode, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            long value = (Long) namesAndValues[i + 1];
            if (value < 0) {
                throw new IllegalArgumentException(opcode + ": " + namesAndValues[i] + " = " + value
                        + ": must be at least 0");
            }
        }
    }

    static void imm(String opcode, String field, int value) {
        if (value < Instruction.IMM_MIN || value > Instruction.IMM_MAX) {
            throw new IllegalArgumentException(opcode + ": " + field + " = " + value + ": must be a signed 16-bit value, "
                    + Instruction.IMM_MIN + ".." + Instruction.IMM_MAX);
        }
    }
}
