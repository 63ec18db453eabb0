package npukit.compiler.lower;

import npukit.arch.config.ArrayConfig;
import npukit.arch.config.QuantConfig;
import npukit.arch.numerics.PeMultiplier;
import npukit.arch.numerics.QuantUnit;

/**
 * What an {@link NpuLayer} computes, in plain Java, from isa.md's arithmetic: signed operands of the
 * operand width, products summed modulo 2^A and sign-extended, then the quant unit per column, then
 * the layer's clamp as the VALU's CLAMP computes it (min(max(y, lo), hi), the codes and bounds being
 * within the element width, so its saturation never acts), then its code table as the VALU's LUT reads
 * it (the entry at the code's W-bit pattern). The
 * oracle for code generation (the simulator must produce exactly this) and the host's way to run a
 * layer without a program.
 *
 * <p>Stochastic rounding is not modelled here: a lane's random source advances in the order the
 * program's QUANT instructions visit rows, which is the code generator's choice; {@link #run} rejects
 * stochastic configs.
 */
public final class NpuLayerReference {

    private NpuLayerReference() {
    }

    /**
     * Y (m x n, row-major) for X (m x k, row-major) codes. QUANTIZED outputs are the quant unit's codes
     * as integers (a log code as its raw bits); ACCUMULATORS outputs are the A-bit sums.
     */
    public static int[] run(NpuLayer layer, int[] x, ArrayConfig array, QuantConfig quant) {
        if (layer.residual()) {
            throw new IllegalArgumentException("layer " + layer.name() + " adds a residual: give R");
        }
        return run(layer, x, null, array, quant);
    }

    /**
     * As {@link #run(NpuLayer, int[], ArrayConfig, QuantConfig)} for a layer whose sums start from
     * {@code residual} (m x n accumulator codes, row-major, read as the accumulators hold them: sign-extended
     * from A bits); null for a layer without one.
     */
    public static int[] run(NpuLayer layer, int[] x, int[] residual, ArrayConfig array, QuantConfig quant) {
        if (layer.residual() != (residual != null)
                || (residual != null && residual.length != (long) layer.m() * layer.n())) {
            throw new IllegalArgumentException("layer " + layer.name() + ": " + (residual == null ? "no" : residual.length)
                    + " residual codes given, " + (layer.residual() ? "R is " + layer.m() + " x " + layer.n()
                    : "the layer adds no residual"));
        }
        if (x.length != (long) layer.m() * layer.k()) {
            throw new IllegalArgumentException("layer " + layer.name() + ": X has " + x.length + " codes, expected "
                    + layer.m() + " x " + layer.k());
        }
        if (quant.rounding().isStochastic() && layer.output() == NpuLayer.Output.QUANTIZED) {
            throw new IllegalArgumentException("layer " + layer.name() + ": the reference does not model stochastic "
                    + "rounding (its draws follow the program's QUANT order)");
        }
        int w = array.operandBits();
        int acc = array.accumulatorBits();
        PeMultiplier pe = PeMultiplier.of(array.pe());
        int[] weights = layer.weights();
        QuantUnit unit = new QuantUnit(quant, acc);
        NpuLayer.CodeTable table = layer.table().orElse(null);
        if (table != null && table.bits() != w) {
            throw new IllegalArgumentException("layer " + layer.name() + ": a table of " + table.bits()
                    + "-bit codes on " + w + "-bit operands");
        }
        int lo = layer.clamp().map(NpuLayer.Clamp::lo).orElse(Integer.MIN_VALUE);
        int hi = layer.clamp().map(NpuLayer.Clamp::hi).orElse(Integer.MAX_VALUE);
        int[] y = new int[layer.m() * layer.n()];
        for (int i = 0; i < layer.m(); i++) {
            for (int j = 0; j < layer.n(); j++) {
                long sum = residual == null ? 0 : signExtend(residual[i * layer.n() + j], acc);
                for (int kk = 0; kk < layer.k(); kk++) {
                    long a = signExtend(x[i * layer.k() + kk], w);
                    long b = signExtend(weights[kk * layer.n() + j], w);
                    sum += pe.product(a, b, w, acc);
                }
                long wrapped = signExtend(sum, acc);
                if (layer.output() == NpuLayer.Output.ACCUMULATORS) {
                    y[i * layer.n() + j] = (int) wrapped;
                } else {
                    int code = Math.min(Math.max(unit.apply(wrapped, layer.lanes().get(j)), lo), hi);
                    y[i * layer.n() + j] = table == null ? code : table.apply(code);
                }
            }
        }
        return y;
    }

    private static long signExtend(long v, int bits) {
        return PeMultiplier.wrap(v, bits);
    }
}
