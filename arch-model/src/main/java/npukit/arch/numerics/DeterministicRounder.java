package npukit.arch.numerics;

/** A rounder for one of the eight deterministic modes; stateless. */
record DeterministicRounder(RoundingMode mode) implements Rounder {

    DeterministicRounder {
        if (mode.isStochastic()) {
            throw new IllegalArgumentException("stochastic rounding is not deterministic");
        }
    }

    @Override
    public boolean roundsUp(long floor, long remainder, int n) {
        if (n == 0) {
            return false;
        }
        long half = 1L << (n - 1);
        return mode.roundsUp(floor, Long.compare(remainder, half), remainder != 0);
    }

    @Override
    public boolean roundsUp(long floor, double fraction) {
        return mode.roundsUp(floor, Double.compare(fraction, 0.5), fraction != 0.0);
    }
}
