package npukit.sim;

import npukit.arch.config.ComputeTiming;
import npukit.arch.config.Dataflow;
import npukit.arch.numerics.PeMultiplier;
import npukit.isa.Geometry;
import npukit.isa.Instruction;

/**
 * Weight- and input-stationary GEMM, one mechanism (microarchitecture.md, "Compute unit"): k
 * stationary sp rows are held in PE rows 0..k-1, then s sp rows stream through, and row r of the
 * result is streamed row r times the stationary matrix. The two dataflows differ only in which of
 * `a` and `b` is stationary, and so in how many rows stream and how wide a result row is:
 * WS holds B (k x n) and streams the m rows of A; IS holds A^T (k x m) and streams the n rows of B^T.
 *
 * <p>The stationary operand stays in the array until the next preload, as the PEs keep it.
 */
final class StationaryDataflow implements GemmDataflow {

    /** Streamed rows per block. */
    static final int BLOCK_ROWS = 128;

    private final Geometry g;
    private final ComputeTiming timing;
    private final boolean weightStationary;
    private final GemmArithmetic arithmetic;
    // PE row i, column j (as multipliers on a log PE's WS); loaded by a preload and kept across GEMMs.
    private final GemmArithmetic.Matrix stationary = new GemmArithmetic.Matrix();
    private boolean preloaded;
    // A block of streamed rows, reused: blocks keep X and C in the cache whatever the stream's length.
    private final GemmArithmetic.Matrix streamed = new GemmArithmetic.Matrix();

    StationaryDataflow(Geometry geometry, PeMultiplier pe, Dataflow dataflow) {
        this.g = geometry;
        this.timing = geometry.computeTiming();
        this.weightStationary = dataflow == Dataflow.WS;
        this.arithmetic = new GemmArithmetic(geometry, pe);
    }

    private long streamedRows(Instruction.Gemm ins) {
        return weightStationary ? ins.m() : ins.n();
    }

    @Override
    public ComputeCost cost(Instruction.Gemm ins) {
        long k = ins.k();
        long s = streamedRows(ins);
        long preload = ins.preload() ? k : 0;
        return new ComputeCost(timing.gemm(ins.m(), k, ins.n(), ins.preload()), preload + s, 0,
                ins.accumulate() ? s : 0, s, ins.m() * ins.k() * ins.n());
    }

    /**
     * The stream in blocks of {@link #BLOCK_ROWS} rows: C rows += streamed rows times the stationary
     * matrix, by {@link GemmArithmetic}, whose sums are the array's modulo 2^A.
     */
    @Override
    public void execute(Instruction.Gemm ins, Sram sram) {
        RowMemory sp = sram.sp();
        int k = (int) ins.k();
        if (ins.preload()) {
            // The log PE's shifter takes the b operand: stationary in WS, streamed in IS.
            arithmetic.load(stationary, sp, weightStationary ? ins.b() : ins.a(), k, g.cols(), weightStationary);
            preloaded = true;
        }
        if (!preloaded || stationary.count != k) {
            throw new IllegalStateException("GEMM without preload needs a stationary operand of k = " + k
                    + " rows; the program validator guarantees one");
        }
        long streamBase = weightStationary ? ins.a() : ins.b();
        int width = (int) (weightStationary ? ins.n() : ins.m());
        long rows = streamedRows(ins);
        for (long r = 0; r < rows; r += BLOCK_ROWS) {
            int block = (int) Math.min(BLOCK_ROWS, rows - r);
            arithmetic.load(streamed, sp, streamBase + r, block, k, !weightStationary);
            arithmetic.accumulate(sram.acc(), ins.c() + r, ins.accumulate(), streamed, stationary, width);
        }
    }
}
