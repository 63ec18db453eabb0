package npukit.arch.numerics;

/**
 * A real scale held as an integer multiplier and a shift, as the quantization unit's registers hold
 * it: value = multiplier * 2^-(bits-1) * 2^-shift.
 *
 * @param multiplier unsigned, in [0, 2^(bits-1)); the top bit of a {@code bits}-wide signed register
 *                   stays clear, so the register never reads as negative
 * @param shift      right shift in -31..62; negative values shift left
 * @param bits       register width, 2..32
 */
public record FixedPointMultiplier(int multiplier, int shift, int bits) {

    public static final int MIN_SHIFT = -31;
    public static final int MAX_SHIFT = 62;

    public FixedPointMultiplier {
        if (bits < 2 || bits > 32) {
            throw new IllegalArgumentException("multiplier width must be 2..32 bits, got " + bits);
        }
        long limit = 1L << (bits - 1);
        if (multiplier < 0 || multiplier >= limit) {
            throw new IllegalArgumentException("multiplier " + multiplier + " does not fit " + bits
                    + " bits: must be in 0.." + (limit - 1));
        }
        if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("shift must be in " + MIN_SHIFT + ".." + MAX_SHIFT + ", got " + shift);
        }
    }

    /**
     * The nearest multiplier for a scale: scale = m * 2^e with m in [0.5, 1), multiplier = m *
     * 2^(bits-1) rounded half away from zero (as TFLite's QuantizeMultiplier does), shift = -e. When m
     * rounds up to 2^(bits-1) the multiplier is halved and the exponent raised, so the multiplier's
     * top bit is always set for a non-zero scale.
     */
    public static FixedPointMultiplier fromScale(double scale, int bits) {
        if (!Double.isFinite(scale) || scale <= 0) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
        if (bits < 2 || bits > 32) {
            throw new IllegalArgumentException("multiplier width must be 2..32 bits, got " + bits);
        }
        // Subnormal scales would need a shift beyond 1000; they cannot be represented.
        if (scale < Double.MIN_NORMAL) {
            throw outOfRange(scale, bits);
        }
        int e = Math.getExponent(scale) + 1;
        double m = Math.scalb(scale, -e);
        long limit = 1L << (bits - 1);
        long q = RoundingMode.HALF_AWAY.rounder().round(Math.scalb(m, bits - 1));
        if (q == limit) {
            q /= 2;
            e += 1;
        }
        int shift = -e;
        if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
            throw outOfRange(scale, bits);
        }
        return new FixedPointMultiplier((int) q, shift, bits);
    }

    private static IllegalArgumentException outOfRange(double scale, int bits) {
        return new IllegalArgumentException("scale " + scale + " needs a shift outside " + MIN_SHIFT + ".."
                + MAX_SHIFT + " with a " + bits + "-bit multiplier; representable scales are about 2^-"
                + (MAX_SHIFT + 1) + " to 2^" + (-MIN_SHIFT));
    }

    /** The real value; exact, since the multiplier has at most 31 significant bits. */
    public double toDouble() {
        return Math.scalb((double) multiplier, -(bits - 1) - shift);
    }
}
