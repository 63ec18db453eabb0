package npukit.isa;

/**
 * Vector ALU operations (isa.md, "VALU"); the code is the 3-bit `op` field. TABLE and LUT exist only on
 * chips with a lookup table ({@code array.lookup-table}).
 */
public enum ValuOp {
    ADD(0), MAX(1), MIN(2), SHR(3), CLAMP(4), TABLE(5), LUT(6);

    private final int code;

    ValuOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for the ops that use the lookup table, which only scratchpad rows feed. */
    public boolean usesTable() {
        return this == TABLE || this == LUT;
    }

    /** True if the op writes its result rows to dst (TABLE writes the table instead). */
    public boolean writesRows() {
        return this != TABLE;
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
