package npukit.arch.numerics;

/**
 * Logarithmic quantization in HiSilicon NNIE's form (bits 8, 16 steps per octave, half-even):
 * c = max|x|, z = R(steps * log2 c) - qmax, and per value mag = clamp(R(steps * log2|x|) - z, 0, qmax)
 * with qmax = 2^(bits-1)-1; the sign is stored apart, code = sign << (bits-1) | mag. Per-tensor only.
 *
 * <p>The format has no zero: x = 0 gets magnitude 0, the smallest one, 2^(z/steps). An all-zero
 * tensor is treated as c = 1.
 *
 * <p>This is the float path of a toolchain, so log2 is computed in doubles (exact for powers of two);
 * it is not the exact integer encoder of the chip, which is {@link LogEncoder}.
 *
 * @param bits           code width including the sign, 2..16
 * @param stepsPerOctave codes per doubling, 1..64
 * @param rounder        rounds steps * log2
 */
public record LogQuantizer(int bits, int stepsPerOctave, Rounder rounder) implements TensorQuantizer {

    public LogQuantizer {
        AffineQuantization.requireBits(bits);
        if (stepsPerOctave < 1 || stepsPerOctave > 64) {
            throw new IllegalArgumentException("steps per octave must be 1..64, got " + stepsPerOctave);
        }
        AffineQuantization.requireRounder(rounder);
    }

    @Override
    public QuantizedTensor quantize(double[] values) {
        AffineQuantization.requireValues(values, 1);
        int qmax = (1 << (bits - 1)) - 1;
        double c = 0;
        for (double v : values) {
            c = Math.max(c, Math.abs(v));
        }
        int z = (int) (logCode(c == 0 ? 1 : c) - qmax);
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            codes[i] = encode(values[i], z);
        }
        double scale = Math.pow(2, (double) z / stepsPerOctave);
        return new QuantizedTensor(codes, 1, new double[] {scale}, new int[] {z},
                new CodeDecoder.Log(bits, stepsPerOctave));
    }

    /**
     * The code of one finite value for a given offset z: 0 for x = 0, else sign << (bits-1) |
     * clamp(R(steps * log2|x|) - z, 0, qmax). {@link #quantize} uses it for every value after choosing z;
     * a host that already knows z (from calibration) encodes with it directly.
     */
    public int encode(double x, int z) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("value " + x + " is not finite");
        }
        if (x == 0) {
            return 0;
        }
        int qmax = (1 << (bits - 1)) - 1;
        long magnitude = Math.max(0, Math.min(qmax, logCode(Math.abs(x)) - z));
        return (x < 0 ? 1 << (bits - 1) : 0) | (int) magnitude;
    }

    private long logCode(double magnitude) {
        return rounder.round(stepsPerOctave * log2(magnitude));
    }

    /** log2 from the binary exponent plus the log of the mantissa, so powers of two are exact. */
    static double log2(double x) {
        int e = Math.getExponent(x);
        if (e < Double.MIN_EXPONENT) {
            // Subnormal: scale into the normal range first.
            return log2(x * 0x1p64) - 64;
        }
        return e + Math.log(Math.scalb(x, -e)) / Math.log(2);
    }

    @Override
    public String describe() {
        return "logarithmic " + bits + "-bit, " + stepsPerOctave + " steps per octave, " + rounder.mode().cliName();
    }
}
