package npukit.compiler.quant;

import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.numerics.LinearQuantizer;
import npukit.arch.numerics.LogQuantizer;
import npukit.arch.numerics.PowerOfTwoQuantizer;
import npukit.arch.numerics.QuantizedTensor;
import npukit.arch.numerics.Rounder;
import npukit.arch.numerics.TensorQuantizer;

/**
 * The activation quantization parameters a chip uses for a calibrated range.
 *
 * <p>No formula is repeated here: the arch-model quantizer of the config's scheme, at
 * {@code activationBits} with the config's rounding mode (a fresh rounder seeded with the config's
 * seed), is run on the two-value tensor {min, max}, and its per-tensor scale and zero point are taken.
 * So: linear uses {@link LinearQuantizer} (symmetric or asymmetric per {@code cfg.symmetric()}; the
 * asymmetric range is widened to include 0), power-of-two uses {@link PowerOfTwoQuantizer} (always
 * symmetric, scale 2^k), logarithmic uses {@link LogQuantizer} (NNIE: z = R(steps log2 max|x|) - qmax,
 * scale = 2^(z / steps), the smallest magnitude).
 *
 * @param scheme    the config's scheme
 * @param scale     real value of one code step (linear, power of two), or 2^(z/steps) (logarithmic)
 * @param zeroPoint zero point (linear, power-of-two: 0 when symmetric) or the log offset z
 * @param bits      activation code width
 */
public record ActivationScale(QuantScheme scheme, double scale, int zeroPoint, int bits) {

    /** The parameters of {@code cfg} for {@code range}. */
    public static ActivationScale from(Range range, QuantConfig cfg) {
        if (range == null || cfg == null) {
            throw new IllegalArgumentException("a range and a quant config are required");
        }
        int bits = cfg.activationBits();
        Rounder rounder = cfg.rounding().rounder(cfg.stochasticSeed());
        TensorQuantizer q = switch (cfg.scheme()) {
            case LINEAR -> new LinearQuantizer(bits, cfg.symmetric(), 1, rounder);
            case POWER_OF_TWO -> new PowerOfTwoQuantizer(bits, 1, rounder);
            case LOGARITHMIC -> new LogQuantizer(bits, cfg.logStepsPerOctave(), rounder);
        };
        QuantizedTensor t = q.quantize(new double[] {range.min(), range.max()});
        return new ActivationScale(cfg.scheme(), t.scales()[0], t.zeroPoints()[0], bits);
    }
}
