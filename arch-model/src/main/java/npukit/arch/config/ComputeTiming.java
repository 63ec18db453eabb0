package npukit.arch.config;

/**
 * The compute unit's timing rules (microarchitecture.md, "Compute unit"), written once: the simulator
 * charges these durations, the RTL generator builds its sequencers from the same constants, and the
 * compiler's cost model estimates with them. Durations depend on an instruction's fields and the
 * array's shape only, never on data.
 *
 * @param rows     array rows R
 * @param cols     array columns C
 * @param dataflow which GEMM operand stays in the PEs
 */
public record ComputeTiming(int rows, int cols, Dataflow dataflow) {

    /** QUANT reads one acc row per lane register (bias, multiplier, shift, zero point) first. */
    public static final int QUANT_PARAM_ROWS = 4;
    /** A QUANT of r rows lasts r + this: the parameter rows, then the lanes' pipeline. */
    public static final int QUANT_EXTRA_CYCLES = 6;
    /** A VALU result row is written this many cycles after its source rows are read. */
    public static final int VALU_WRITE_DELAY = 2;
    /** A VALU of r rows lasts r + this: the last row is written VALU_WRITE_DELAY cycles after its read. */
    public static final int VALU_EXTRA_CYCLES = VALU_WRITE_DELAY;

    public ComputeTiming {
        if (rows < 1 || cols < 1 || dataflow == null) {
            throw new IllegalArgumentException("compute timing of a " + rows + "x" + cols + " " + dataflow
                    + " array: needs at least one row and column and a dataflow");
        }
    }

    public static ComputeTiming of(ArrayConfig array) {
        return new ComputeTiming(array.rows(), array.cols(), array.dataflow());
    }

    /**
     * Cycles from the first streamed row entering the array to the last result row being written,
     * beyond one per streamed row: R + C - 1 on WS and IS (the skew in, R rows down, the de-skew out);
     * R + C - 2 on OS, whose last product reaches PE (R-1, C-1) R + C - 2 cycles after the last pair
     * is read and whose rows drain one a cycle after that.
     */
    public long gemmFill() {
        return dataflow == Dataflow.OS ? rows + cols - 2L : rows + cols - 1L;
    }

    /** Rows a WS or IS GEMM streams past its stationary operand: m on WS, n on IS. */
    public long streamedRows(long m, long n) {
        return dataflow == Dataflow.IS ? n : m;
    }

    /** A GEMM's duration: WS/IS (preload ? k : 0) + s + R + C - 1; OS k + R + C - 2 + m. */
    public long gemm(long m, long k, long n, boolean preload) {
        if (dataflow == Dataflow.OS) {
            return k + gemmFill() + m;
        }
        return (preload ? k : 0) + streamedRows(m, n) + gemmFill();
    }

    /** A QUANT of {@code rows} rows: rows + 6. */
    public long quant(long rows) {
        return rows + QUANT_EXTRA_CYCLES;
    }

    /** A VALU of {@code rows} rows: rows + 2. */
    public long valu(long rows) {
        return rows + VALU_EXTRA_CYCLES;
    }
}
