package npukit.arch.numerics;

/**
 * The integer requantization paths of the quantization unit: an accumulator times a real scale,
 * rounded back to an integer. Every function here is bit-exact with the generated RTL.
 */
public final class Requantizer {

    private static final long INT32_MIN = Integer.MIN_VALUE;
    private static final long INT32_MAX = Integer.MAX_VALUE;

    private Requantizer() {
    }

    /**
     * gemmlowp's SaturatingRoundingDoublingHighMul: round(a * b / 2^31). The nudge makes ties of a
     * positive product go up and, with Java's truncating division, ties of a negative product also
     * go toward +infinity. The one product that overflows, MIN * MIN, saturates to MAX.
     */
    public static int doublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * b;
        long nudge = ab >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int) ((ab + nudge) / (1L << 31));
    }

    /**
     * gemmlowp's two-step requantization: a saturating left shift for negative shifts, the rounding
     * doubling high multiply, then a rounding right shift in {@code shiftRounding}'s mode (gemmlowp's
     * RoundingDivideByPOT is HALF_AWAY). It rounds twice, so it can differ from
     * {@link #singleRounding} by one.
     */
    public static long doubleRounding(long acc, FixedPointMultiplier m, Rounder shiftRounding) {
        if (m.bits() != 32) {
            throw new IllegalArgumentException("double rounding needs a 32-bit multiplier, got " + m.bits() + " bits");
        }
        requireInt32("accumulator", acc);
        long x = acc;
        if (m.shift() < 0) {
            x = saturate(acc << -m.shift(), 32, true);
        }
        int h = doublingHighMul((int) x, m.multiplier());
        return shiftRounding.shiftRight(h, Math.max(m.shift(), 0));
    }

    /**
     * One exact product, rounded once: acc * multiplier / 2^(bits-1+shift) in {@code r}'s mode. When
     * bits-1+shift is negative the product is shifted left instead and nothing is rounded.
     */
    public static long singleRounding(long acc, FixedPointMultiplier m, Rounder r) {
        requireInt32("accumulator", acc);
        // |acc| <= 2^31 and multiplier < 2^31, so the product is below 2^62 and exact.
        long product = acc * m.multiplier();
        int total = (m.bits() - 1) + m.shift();
        if (total < 0) {
            // Exact, never saturates: |product| < 2^31 * 2^(bits-1) and -total <= 31 - (bits-1),
            // so the result stays below 2^62.
            return product << -total;
        }
        if (total > 62) {
            throw new IllegalArgumentException("multiplier width " + m.bits() + " with shift " + m.shift()
                    + " divides by 2^" + total + "; single rounding allows at most 2^62 (bits - 1 + shift <= 62)");
        }
        return r.shiftRight(product, total);
    }

    /** acc / 2^shift rounded in {@code r}'s mode; a negative shift multiplies, saturating at the long range. */
    public static long powerOfTwo(long acc, int shift, Rounder r) {
        if (shift < -62 || shift > 62) {
            throw new IllegalArgumentException("power-of-two shift must be in -62..62, got " + shift);
        }
        return shift >= 0 ? r.shiftRight(acc, shift) : shiftLeftSaturating(acc, -shift);
    }

    /**
     * Clamps to a two's-complement range [-2^(bits-1), 2^(bits-1)-1] (bits 2..63) or an unsigned
     * range [0, 2^bits-1] (bits 1..62).
     */
    public static long saturate(long v, int bits, boolean signed) {
        if (signed) {
            if (bits < 2 || bits > 63) {
                throw new IllegalArgumentException("signed saturation width must be 2..63 bits, got " + bits);
            }
            long hi = (1L << (bits - 1)) - 1;
            return Math.max(-hi - 1, Math.min(hi, v));
        }
        if (bits < 1 || bits > 62) {
            throw new IllegalArgumentException("unsigned saturation width must be 1..62 bits, got " + bits);
        }
        return Math.max(0, Math.min((1L << bits) - 1, v));
    }

    /** v * 2^n clamped to the long range, n in 0..63. */
    static long shiftLeftSaturating(long v, int n) {
        if (v > (Long.MAX_VALUE >> n)) {
            return Long.MAX_VALUE;
        }
        if (v < (Long.MIN_VALUE >> n)) {
            return Long.MIN_VALUE;
        }
        return v << n;
    }

    private static void requireInt32(String what, long v) {
        if (v < INT32_MIN || v > INT32_MAX) {
            throw new IllegalArgumentException(what + " " + v + " is outside the int32 range "
                    + INT32_MIN + ".." + INT32_MAX);
        }
    }
}
