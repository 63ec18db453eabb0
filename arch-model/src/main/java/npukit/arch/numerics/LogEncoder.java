package npukit.arch.numerics;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The hardware's exact logarithmic encoder: t(x) = R(steps * log2|x|) for an integer x, computed
 * without floating point. |x| is normalised to a 32-bit mantissa in [2^31, 2^32) and its exponent
 * e; the fractional part of the logarithm is then found by comparing the mantissa with a table of
 * thresholds, exactly as the RTL's comparator bank does.
 *
 * <p>Inputs are limited to 1 <= |x| <= 2^31, the range of an int32 accumulator including
 * Integer.MIN_VALUE; larger magnitudes are rejected.
 *
 * <p>Rounding classes: FLOOR and TRUNC both floor (the logarithm of |x| >= 1 is never negative),
 * CEIL ceils, and all HALF_* modes round to nearest. The half modes never meet a tie: a tie would be
 * |x| = 2^((2j+1)/(2 steps)) times a power of two, which is irrational, so they all share one table.
 */
public final class LogEncoder {

    private static final long MANTISSA_ONE = 1L << 31;
    private static final long MAX_MAGNITUDE = 1L << 31;

    private final int steps;
    private final RoundingMode mode;
    private final Direction direction;
    private final long[] thresholds;

    /** How R resolves steps * log2|x|; each direction defines its threshold table. */
    private enum Direction {
        /** T_j = 2^31 * 2^((2j+1)/(2 steps)) for j = 0..steps-1: the midpoints between codes. */
        NEAREST {
            @Override
            long[] exponents(int steps) {
                long[] k = new long[steps];
                for (int j = 0; j < steps; j++) {
                    k[j] = 2L * j + 1;
                }
                return k;
            }
        },
        /** T_j = 2^31 * 2^(j/steps) for j = 1..steps-1: the codes' own boundaries. */
        FLOOR {
            @Override
            long[] exponents(int steps) {
                long[] k = new long[steps - 1];
                for (int j = 1; j < steps; j++) {
                    k[j - 1] = 2L * j;
                }
                return k;
            }
        },
        /** The floor's table, plus one unless the logarithm is an integer. */
        CEIL {
            @Override
            long[] exponents(int steps) {
                return FLOOR.exponents(steps);
            }
        };

        /** Each threshold is 2^31 * 2^(k / (2 steps)); returns the k of every threshold, ascending. */
        abstract long[] exponents(int steps);

        static Direction of(RoundingMode mode) {
            return switch (mode) {
                case FLOOR, TRUNC -> FLOOR;
                case CEIL -> CEIL;
                case HALF_EVEN, HALF_AWAY, HALF_UP, HALF_DOWN, HALF_ZERO -> NEAREST;
                case STOCHASTIC -> throw new IllegalArgumentException(
                        "the logarithmic encoder rounds by threshold tables and has no stochastic mode; "
                                + "use one of: floor, trunc, ceil, half-even, half-away, half-up, half-down, half-zero");
            };
        }
    }

    public LogEncoder(int stepsPerOctave, RoundingMode mode) {
        if (stepsPerOctave < 1 || stepsPerOctave > 64) {
            throw new IllegalArgumentException("steps per octave must be 1..64, got " + stepsPerOctave);
        }
        if (mode == null) {
            throw new IllegalArgumentException("rounding mode is required");
        }
        this.steps = stepsPerOctave;
        this.mode = mode;
        this.direction = Direction.of(mode);
        long[] k = direction.exponents(stepsPerOctave);
        this.thresholds = new long[k.length];
        for (int i = 0; i < k.length; i++) {
            thresholds[i] = threshold(stepsPerOctave, k[i]);
        }
    }

    /**
     * ceil(2^31 * 2^(k / (2 steps))), exactly: the smallest integer m with m^(2 steps) >= 2^(62 steps + k).
     * A mantissa m satisfies m >= 2^31 * 2^(k/(2 steps)) exactly when m >= this integer.
     */
    private static long threshold(int steps, long k) {
        BigInteger target = BigInteger.ONE.shiftLeft(Math.toIntExact(62L * steps + k));
        long lo = MANTISSA_ONE;
        long hi = 1L << 32;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (BigInteger.valueOf(mid).pow(2 * steps).compareTo(target) >= 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    public int stepsPerOctave() {
        return steps;
    }

    public RoundingMode mode() {
        return mode;
    }

    /** The comparator thresholds, ascending, as unsigned 32-bit values held in longs; a copy. */
    public long[] thresholds() {
        return thresholds.clone();
    }

    /** t(x) = R(steps * log2|x|) for 1 <= |x| <= 2^31. */
    public long logCode(long x) {
        if (x == 0) {
            throw new IllegalArgumentException("log code of 0 is undefined; encode(...) maps 0 to code 0");
        }
        if (x < -MAX_MAGNITUDE || x > MAX_MAGNITUDE) {
            throw new IllegalArgumentException("log encoder input " + x + " is outside -2^31..2^31 (an int32 accumulator)");
        }
        long magnitude = Math.abs(x);
        int e = 63 - Long.numberOfLeadingZeros(magnitude);
        long mantissa = magnitude << (31 - e);
        int above = 0;
        for (long t : thresholds) {
            if (mantissa >= t) {
                above++;
            }
        }
        long code = (long) steps * e + above;
        // Only a power of two has an integral logarithm (every other boundary is irrational).
        if (direction == Direction.CEIL && mantissa != MANTISSA_ONE) {
            code++;
        }
        return code;
    }

    /**
     * A sign-and-magnitude code: bit codeBits-1 is the sign, the rest is clamp(t(x) - zeroPoint, 0,
     * 2^(codeBits-1) - 1). Zero maps to code 0, which decodes to the smallest magnitude (the format has
     * no zero). With relu, negative inputs map to code 0 as well.
     */
    public int encode(long x, int zeroPoint, int codeBits, boolean relu) {
        requireCodeBits(codeBits);
        if (x == 0) {
            return 0;
        }
        boolean negative = x < 0;
        long max = (1L << (codeBits - 1)) - 1;
        long magnitude = Math.max(0, Math.min(max, logCode(x) - zeroPoint));
        if (relu && negative) {
            return 0;
        }
        return (negative ? 1 << (codeBits - 1) : 0) | (int) magnitude;
    }

    /** The real value of a code: sign * 2^((magnitude + zeroPoint) / steps). */
    public double decode(int code, int zeroPoint, int codeBits) {
        requireCodeBits(codeBits);
        if (code < 0 || code >= 1 << codeBits) {
            throw new IllegalArgumentException("code " + code + " does not fit " + codeBits + " bits: must be in 0.."
                    + ((1 << codeBits) - 1));
        }
        int magnitude = code & ((1 << (codeBits - 1)) - 1);
        double value = Math.pow(2, ((double) magnitude + zeroPoint) / steps);
        return (code >> (codeBits - 1)) != 0 ? -value : value;
    }

    private static void requireCodeBits(int codeBits) {
        if (codeBits < 2 || codeBits > 16) {
            throw new IllegalArgumentException("log code width must be 2..16 bits, got " + codeBits);
        }
    }

    @Override
    public String toString() {
        return "LogEncoder[steps=" + steps + ", mode=" + mode.cliName() + ", thresholds=" + Arrays.toString(thresholds) + "]";
    }
}
