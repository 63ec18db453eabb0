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
 * @param weightBuffers stationary-operand registers per PE, 1 or 2: with 2 on WS or IS, GEMMs overlap
 *                 (see {@link #gemmOccupancy})
 */
public record ComputeTiming(int rows, int cols, Dataflow dataflow, int weightBuffers) {

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
        if (weightBuffers != 1 && weightBuffers != 2) {
            throw new IllegalArgumentException("compute timing of an array with " + weightBuffers
                    + " weight buffers: takes 1 or 2");
        }
    }

    /** An array with one stationary-operand register per PE. */
    public ComputeTiming(int rows, int cols, Dataflow dataflow) {
        this(rows, cols, dataflow, 1);
    }

    public static ComputeTiming of(ArrayConfig array) {
        return new ComputeTiming(array.rows(), array.cols(), array.dataflow(), array.weightBuffers());
    }

    /**
     * True when a GEMM's drain overlaps the next GEMM: a WS or IS array with two weight buffers (an OS
     * array's PEs hold partial sums, not an operand, so a second buffer changes nothing there).
     */
    public boolean overlapsGemms() {
        return weightBuffers == 2 && dataflow != Dataflow.OS;
    }

    /**
     * Cycles a GEMM holds the compute unit: its whole {@link #gemm duration}, or with {@link
     * #overlapsGemms()} only its preload and stream, (preload ? k : 0) + s. The last R + C - 1 cycles,
     * in which its rows drain out of the array into the accumulators, then run under the next GEMM.
     */
    public long gemmOccupancy(long m, long k, long n, boolean preload) {
        long whole = gemm(m, k, n, preload);
        return overlapsGemms() ? whole - gemmFill() : whole;
    }

    /**
     * With {@link #overlapsGemms()}: the first cycle in which a GEMM may start preloading the buffer
     * that a GEMM streaming its last row in cycle {@code lastStream} used, C - 1 cycles later, when that
     * row's elements have passed the last column (it reaches PE (i, C-1) in cycle lastStream + i + C - 1,
     * and a preload writes PE row i in its cycle i, visible the cycle after).
     */
    public long bufferFreeAfter(long lastStream) {
        return lastStream + cols - 1;
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
