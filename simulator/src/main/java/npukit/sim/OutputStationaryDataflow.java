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

    private final ComputeTiming timing;
    private final GemmArithmetic arithmetic;
    private final GemmArithmetic.Matrix a = new GemmArithmetic.Matrix();
    private final GemmArithmetic.Matrix b = new GemmArithmetic.Matrix();

    OutputStationaryDataflow(Geometry geometry, PeMultiplier pe) {
        this.arithmetic = new GemmArithmetic(geometry, pe);
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
        int m = (int) ins.m();
        int k = (int) ins.k();
        // C = A B with A^T's k rows transposed to the m x k X, and B's k rows as S (the log PE's b operand).
        arithmetic.loadTransposed(a, sram.sp(), ins.a(), k, m, false);
        arithmetic.load(b, sram.sp(), ins.b(), k, (int) ins.n(), true);
        arithmetic.accumulate(sram.acc(), ins.c(), ins.accumulate(), a, b, (int) ins.n());
    }
}
