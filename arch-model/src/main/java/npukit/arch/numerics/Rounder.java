package npukit.arch.numerics;

/**
 * Applies one rounding mode. Deterministic modes are stateless; a stochastic rounder owns its random
 * state, so one instance gives a reproducible sequence for its seed.
 */
public interface Rounder {

    RoundingMode mode();

    /** Whether the result is floor + 1, for a value whose fraction is {@code remainder / 2^n}. */
    boolean roundsUp(long floor, long remainder, int n);

    /** Whether the result is floor + 1, for a value whose fraction is {@code fraction} in [0, 1). */
    boolean roundsUp(long floor, double fraction);

    /** {@code x / 2^n} rounded, exact for negative x; n in 0..62. */
    default long shiftRight(long x, int n) {
        if (n < 0 || n > 62) {
            throw new IllegalArgumentException("shift must be in 0..62, got " + n);
        }
        long floor = x >> n;
        long remainder = x & ((1L << n) - 1);
        return roundsUp(floor, remainder, n) ? floor + 1 : floor;
    }

    /** {@code v} rounded to an integer; |v| must be below 2^62. */
    default long round(double v) {
        if (!(Math.abs(v) < 0x1p62)) {
            throw new IllegalArgumentException("cannot round " + v + " to a 64-bit integer");
        }
        double floor = Math.floor(v);
        long f = (long) floor;
        double fraction = v - floor;
        // v - floor is rounded for small negative v and can land on 0.5 exactly
        // (-0.49999999999999994 + 1 rounds to 0.5), which would turn a clear case into a tie.
        // floor + 0.5 is exact whenever v has a fraction, so it settles the comparison.
        if (fraction == 0.5 && v != floor + 0.5) {
            fraction = v > floor + 0.5 ? Math.nextUp(0.5) : Math.nextDown(0.5);
        }
        return roundsUp(f, fraction) ? f + 1 : f;
    }
}
