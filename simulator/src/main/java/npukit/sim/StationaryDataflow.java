package npukit.sim;

import npukit.arch.config.Dataflow;
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
    private final PeMultiplier pe;
    private final boolean weightStationary;
    // PE row i, column j; loaded by a preload and kept across GEMMs.
    private long[][] stationary;

    StationaryDataflow(Geometry geometry, PeMultiplier pe, Dataflow dataflow) {
        this.g = geometry;
        this.pe = pe;
        this.weightStationary = dataflow == Dataflow.WS;
    }

    private long streamedRows(Instruction.Gemm ins) {
        return weightStationary ? ins.m() : ins.n();
    }

    @Override
    public ComputeCost cost(Instruction.Gemm ins) {
        long k = ins.k();
        long s = streamedRows(ins);
        long preload = ins.preload() ? k : 0;
        return new ComputeCost(preload + s + g.rows() + g.cols() - 1, preload + s, 0,
                ins.accumulate() ? s : 0, s, ins.m() * ins.k() * ins.n());
    }

    @Override
    public void execute(Instruction.Gemm ins, Sram sram) {
        RowMemory sp = sram.sp();
        RowMemory acc = sram.acc();
        int k = (int) ins.k();
        if (ins.preload()) {
            long base = weightStationary ? ins.b() : ins.a();
            stationary = new long[k][g.cols()];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < g.cols(); j++) {
                    stationary[i][j] = sp.element(base + i, j);
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
        for (long r = 0; r < streamedRows(ins); r++) {
            for (int i = 0; i < k; i++) {
                streamed[i] = sp.element(streamBase + r, i);
            }
            for (int j = 0; j < width; j++) {
                long sum = ins.accumulate() ? acc.element(ins.c() + r, j) : 0;
                for (int i = 0; i < k; i++) {
                    // The log PE's shifter takes the b operand: stationary in WS, streamed in IS.
                    sum += weightStationary
                            ? pe.product(streamed[i], stationary[i][j], g.operandBits(), g.accumulatorBits())
                            : pe.product(stationary[i][j], streamed[i], g.operandBits(), g.accumulatorBits());
                }
                acc.setElement(ins.c() + r, j, PeMultiplier.wrap(sum, g.accumulatorBits()));
            }
        }
    }
}
