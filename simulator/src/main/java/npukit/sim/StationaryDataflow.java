package npukit.sim;

import java.util.Arrays;
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

    private final Geometry g;
    private final ComputeTiming timing;
    private final PeMultiplier pe;
    private final boolean weightStationary;
    // PE row i, column j; loaded by a preload and kept across GEMMs.
    private long[][] stationary;
    // The same values as ints, for the 32-bit path.
    private int[][] stationaryInts;
    // A linear PE with A <= 32 bits: every sum is wanted only modulo 2^A, so int arithmetic, which wraps
    // modulo 2^32, gives the same result, and the JIT vectorizes int multiplies where it cannot longs.
    private final boolean intPath;

    StationaryDataflow(Geometry geometry, PeMultiplier pe, Dataflow dataflow) {
        this.g = geometry;
        this.pe = pe;
        this.timing = geometry.computeTiming();
        this.weightStationary = dataflow == Dataflow.WS;
        this.intPath = pe == PeMultiplier.LINEAR && geometry.accumulatorBits() <= Integer.SIZE;
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
     * Row by row of the stream, the result row accumulates streamed element i times stationary row i
     * for each i in turn. That is a different order of additions than the array's, and the same sums:
     * integer addition is exact modulo 2^64 and the result is only then wrapped to A bits.
     */
    @Override
    public void execute(Instruction.Gemm ins, Sram sram) {
        RowMemory sp = sram.sp();
        RowMemory acc = sram.acc();
        int k = (int) ins.k();
        if (ins.preload()) {
            long base = weightStationary ? ins.b() : ins.a();
            stationary = new long[k][g.cols()];
            stationaryInts = new int[k][g.cols()];
            for (int i = 0; i < k; i++) {
                sp.readElements(base + i, stationary[i], g.cols());
                for (int j = 0; j < g.cols(); j++) {
                    stationaryInts[i][j] = (int) stationary[i][j];
                }
            }
        }
        if (stationary == null || stationary.length != k) {
            throw new IllegalStateException("GEMM without preload needs a stationary operand of k = " + k
                    + " rows; the program validator guarantees one");
        }
        long streamBase = weightStationary ? ins.a() : ins.b();
        int width = (int) (weightStationary ? ins.n() : ins.m());
        long[] streamed = new long[k];
        long[] sums = new long[width];
        int[] intSums = new int[width];
        for (long r = 0; r < streamedRows(ins); r++) {
            sp.readElements(streamBase + r, streamed, k);
            if (ins.accumulate()) {
                acc.readElements(ins.c() + r, sums, width);
            } else {
                Arrays.fill(sums, 0);
            }
            if (intPath) {
                accumulateInts(sums, intSums, streamed, k, width);
            } else {
                for (int i = 0; i < k; i++) {
                    accumulateRow(sums, streamed[i], stationary[i], width);
                }
            }
            for (int j = 0; j < width; j++) {
                sums[j] = PeMultiplier.wrap(sums[j], g.accumulatorBits());
            }
            acc.writeElements(ins.c() + r, sums, width);
        }
    }

    /** The int path of a result row: sums[j] += streamed[i] * stationary[i][j] modulo 2^32. */
    private void accumulateInts(long[] sums, int[] intSums, long[] streamed, int k, int width) {
        for (int j = 0; j < width; j++) {
            intSums[j] = (int) sums[j];
        }
        for (int i = 0; i < k; i++) {
            int x = (int) streamed[i];
            int[] row = stationaryInts[i];
            for (int j = 0; j < width; j++) {
                intSums[j] += x * row[j];
            }
        }
        for (int j = 0; j < width; j++) {
            sums[j] = intSums[j];
        }
    }

    /** sums[j] += product(x, row[j]); the linear PE's plain multiply kept apart so the loop stays simple. */
    private void accumulateRow(long[] sums, long x, long[] row, int width) {
        if (pe == PeMultiplier.LINEAR) {
            for (int j = 0; j < width; j++) {
                sums[j] += x * row[j];
            }
            return;
        }
        for (int j = 0; j < width; j++) {
            // The log PE's shifter takes the b operand: stationary in WS, streamed in IS.
            sums[j] += weightStationary
                    ? pe.product(x, row[j], g.operandBits(), g.accumulatorBits())
                    : pe.product(row[j], x, g.operandBits(), g.accumulatorBits());
        }
    }
}
