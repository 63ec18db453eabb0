package npukit.arch.numerics;

/**
 * Stochastic rounding: steps up with probability equal to the fraction. The random source is a
 * 32-bit xorshift (shifts 13, 17, 5) because hardware builds it from a register and three XORs, so
 * the RTL reproduces this sequence exactly. Every call draws once, whether or not the value is exact.
 */
public final class StochasticRounder implements Rounder {

    private int state;

    StochasticRounder(long seed) {
        int s = (int) (seed ^ (seed >>> 32));
        // xorshift has one fixed point, zero; a zero seed is mapped to a fixed non-zero state.
        this.state = s == 0 ? 0x9E3779B9 : s;
    }

    /** The initial 32-bit state for a seed, as the RTL register is reset to it. */
    public static int initialState(long seed) {
        return new StochasticRounder(seed).state;
    }

    @Override
    public RoundingMode mode() {
        return RoundingMode.STOCHASTIC;
    }

    /** Advances the generator and returns the new state as an unsigned 32-bit value. */
    long draw() {
        int x = state;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        state = x;
        return x & 0xFFFF_FFFFL;
    }

    @Override
    public boolean roundsUp(long floor, long remainder, int n) {
        long u = draw();
        if (n == 0) {
            return false;
        }
        // Compare the fraction's top (at most 32) bits with a uniform draw of the same width.
        if (n <= 32) {
            return (u & ((1L << n) - 1)) < remainder;
        }
        return u < (remainder >>> (n - 32));
    }

    @Override
    public boolean roundsUp(long floor, double fraction) {
        long u = draw();
        return u < fraction * 0x1p32;
    }
}
