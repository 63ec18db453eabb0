package npukit.sim;

import npukit.arch.config.ComputeTiming;
import npukit.arch.numerics.PeMultiplier;
import npukit.isa.Geometry;
import npukit.isa.Instruction;

/**
 * Output-stationary GEMM: k rows of A^T (m elements) and k rows of B (n elements) stream in together,
 * PE (i, j) accumulates C[i][j] in place from 0, and the m result rows drain to acc at the end.
 */
final class OutputStationaryDataflow implements GemmDataflow {

    private final Geometry g;
    private final ComputeTiming timing;
    private final PeMultiplier pe;

    OutputStationaryDataflow(Geometry geometry, PeMultiplier pe) {
        this.g = geometry;
        this.pe = pe;
        this.timing = geometry.computeTiming();
    }

    @Override
    public ComputeCost cost(Instruction.Gemm ins) {
        long m = ins.m();
        long k = ins.k();
        return new ComputeCost(timing.gemm(m, k, ins.n(), false), 2 * k, 0, ins.accumulate() ? m : 0, m,
                m * k * ins.n());
    }

    @Override
    public void execute(Instruction.Gemm ins, Sram sram) {
        RowMemory sp = sram.sp();
        RowMemory acc = sram.acc();
        int m = (int) ins.m();
        int k = (int) ins.k();
        int n = (int) ins.n();
        long[][] at = new long[k][m];
        long[][] b = new long[k][n];
        for (int t = 0; t < k; t++) {
            for (int i = 0; i < m; i++) {
                at[t][i] = sp.element(ins.a() + t, i);
            }
            for (int j = 0; j < n; j++) {
                b[t][j] = sp.element(ins.b() + t, j);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long sum = ins.accumulate() ? acc.element(ins.c() + i, j) : 0;
                for (int t = 0; t < k; t++) {
                    sum += pe.product(at[t][i], b[t][j], g.operandBits(), g.accumulatorBits());
                }
                acc.setElement(ins.c() + i, j, PeMultiplier.wrap(sum, g.accumulatorBits()));
            }
        }
    }
}
