package npukit.compiler.quant;

import npukit.arch.config.QuantConfig;
import npukit.arch.numerics.CodeDecoder;
import npukit.arch.numerics.LogQuantizer;
import npukit.arch.numerics.Rounder;
import npukit.arch.numerics.RoundingMode;

/**
 * How the host converts between real activations and the codes a layer reads or writes.
 *
 * <ul>
 *   <li>{@link Kind#AFFINE} (linear and power-of-two chips, and every layer input): code =
 *       clamp(R(x / scale) + zeroPoint) into the signed {@code bits}-wide range, R the chip's rounding;
 *       real = (code - zeroPoint) * scale.</li>
 *   <li>{@link Kind#LOG} (the quant unit's output on a logarithmic chip): a sign-and-magnitude code
 *       whose real value is sign * 2^((magnitude + z) / steps) * scale, where z is the quant unit's
 *       offset register and scale the real value of one accumulator unit. Encoding divides by scale and
 *       takes {@link LogQuantizer#encode}, the float path of the arch model; decoding is
 *       {@link CodeDecoder.Log}, the same formula as the chip's {@code LogEncoder.decode}.</li>
 * </ul>
 *
 * <p>Codes are given as the memory holds them: signed values of {@code bits} bits for AFFINE; for LOG
 * only the low {@code bits} bits count (a sign-extended byte and the raw code decode alike), and
 * {@link #encode} returns the raw bits, as the quant unit produces them.
 *
 * <p>Round trip: decode then encode gives back every code when R rounds to nearest, and also for
 * floor / ceil / trunc when the scale is a power of two (the division is then exact); otherwise a
 * directed mode can land one code below or above from a one-ulp error in the division.
 *
 * @param kind           affine or logarithmic codes
 * @param scale          affine: the real value of one code step; log: the real value of one
 *                       accumulator unit
 * @param zeroPoint      affine: the code of real 0; log: the offset z
 * @param bits           code width, 2..16
 * @param stepsPerOctave log codes per doubling (1..64); 1 for affine codes, where it is unused
 * @param rounding       the chip's rounding mode, applied by {@link #encode}
 * @param seed           seed of a stochastic rounder (each {@link #encode} call starts from it)
 */
public record ActivationCodec(Kind kind, double scale, int zeroPoint, int bits, int stepsPerOctave,
                              RoundingMode rounding, long seed) {

    /** The two code formats. */
    public enum Kind {
        AFFINE,
        LOG
    }

    public ActivationCodec {
        if (kind == null || rounding == null) {
            throw new IllegalArgumentException("activation codec: kind and rounding are required");
        }
        if (!Double.isFinite(scale) || scale <= 0) {
            throw new IllegalArgumentException("activation codec: scale = " + scale + " must be finite and > 0");
        }
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("activation codec: bits = " + bits + " must be in 2..16");
        }
        if (stepsPerOctave < 1 || stepsPerOctave > 64) {
            throw new IllegalArgumentException("activation codec: steps per octave = " + stepsPerOctave
                    + " must be in 1..64");
        }
        if (kind == Kind.AFFINE && (zeroPoint < min(bits) || zeroPoint > max(bits))) {
            throw new IllegalArgumentException("activation codec: zero point = " + zeroPoint + " must be in "
                    + min(bits) + ".." + max(bits) + " for " + bits + "-bit codes");
        }
        if (kind == Kind.LOG && rounding.isStochastic()) {
            throw new IllegalArgumentException("activation codec: log codes have no stochastic rounding");
        }
    }

    /** Affine codes of {@code bits} bits with the scale and zero point of {@code scale}, rounded as {@code cfg}. */
    public static ActivationCodec affine(ActivationScale scale, QuantConfig cfg) {
        return new ActivationCodec(Kind.AFFINE, scale.scale(), scale.zeroPoint(), scale.bits(), 1, cfg.rounding(),
                cfg.stochasticSeed());
    }

    /** The log codes of a logarithmic quant unit with offset z whose accumulator unit is worth {@code accumulatorScale}. */
    public static ActivationCodec log(double accumulatorScale, int z, QuantConfig cfg) {
        return new ActivationCodec(Kind.LOG, accumulatorScale, z, cfg.activationBits(), cfg.logStepsPerOctave(),
                cfg.rounding(), cfg.stochasticSeed());
    }

    /** The codes of {@code reals}; every value must be finite. */
    public int[] encode(double[] reals) {
        if (reals == null) {
            throw new IllegalArgumentException("activation codec: nothing to encode");
        }
        Rounder rounder = rounding.rounder(seed);
        LogQuantizer log = kind == Kind.LOG ? new LogQuantizer(bits, stepsPerOctave, rounder) : null;
        int[] codes = new int[reals.length];
        for (int i = 0; i < reals.length; i++) {
            double x = reals[i];
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("activation codec: value [" + i + "] = " + x + " is not finite");
            }
            if (log != null) {
                codes[i] = log.encode(x / scale, zeroPoint);
            } else {
                long q = rounder.round(x / scale) + zeroPoint;
                codes[i] = (int) Math.max(min(bits), Math.min(max(bits), q));
            }
        }
        return codes;
    }

    /** The real values of {@code codes}. */
    public double[] decode(int[] codes) {
        if (codes == null) {
            throw new IllegalArgumentException("activation codec: nothing to decode");
        }
        double[] reals = new double[codes.length];
        for (int i = 0; i < codes.length; i++) {
            reals[i] = decode(codes[i], i);
        }
        return reals;
    }

    private double decode(int code, int index) {
        if (kind == Kind.LOG) {
            int raw = code & ((1 << bits) - 1);
            // The quant unit's register z is the offset; the scale slot of CodeDecoder.Log is unused.
            return new CodeDecoder.Log(bits, stepsPerOctave).decode(raw, 1, zeroPoint) * scale;
        }
        if (code < min(bits) || code > max(bits)) {
            throw new IllegalArgumentException("activation codec: code [" + index + "] = " + code + " is outside the "
                    + bits + "-bit range " + min(bits) + ".." + max(bits));
        }
        return new CodeDecoder.Affine().decode(code, scale, zeroPoint);
    }

    /**
     * The code of real 0, which the host writes where im2col pads. A log code cannot express 0: its
     * code 0 (the chip's encoding of a zero accumulator) stands for the smallest magnitude.
     */
    public int zeroCode() {
        return kind == Kind.LOG ? 0 : zeroPoint;
    }

    /** The smallest and largest affine code of this width (log codes are raw bits 0..2^bits-1 instead). */
    public int minCode() {
        return min(bits);
    }

    public int maxCode() {
        return max(bits);
    }

    private static int min(int bits) {
        return -(1 << (bits - 1));
    }

    private static int max(int bits) {
        return (1 << (bits - 1)) - 1;
    }
}
