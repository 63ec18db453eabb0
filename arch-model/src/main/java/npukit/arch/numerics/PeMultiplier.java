package npukit.arch.numerics;

import npukit.arch.config.PeType;

/**
 * The product a PE adds to its partial sum (isa.md, "Arithmetic"), for an `a` operand and a `b`
 * operand as read from the scratchpad (sign-extended from W bits), modulo 2^A is left to the caller.
 * The simulator and the compiler's layer reference both use it, so the arithmetic is written once.
 */
public enum PeMultiplier {
    /** Signed W-bit times signed W-bit. */
    LINEAR {
        @Override
        public long product(long a, long b, int operandBits, int accumulatorBits) {
            return a * b;
        }
    },
    /**
     * `b` is a log code: bit W-1 the sign, bits W-2..0 an exponent e, the value +-2^e; the code with the
     * sign set and e = 0 means 0. The product is a * 2^e, which is 0 modulo 2^A once e >= A.
     */
    LOG {
        @Override
        public long product(long a, long b, int operandBits, int accumulatorBits) {
            long code = b & ((1L << operandBits) - 1);
            boolean negative = (code >>> (operandBits - 1)) != 0;
            long e = code & ((1L << (operandBits - 1)) - 1);
            if ((negative && e == 0) || e >= accumulatorBits) {
                return 0;
            }
            long magnitude = a << e;
            return negative ? -magnitude : magnitude;
        }
    };

    public abstract long product(long a, long b, int operandBits, int accumulatorBits);

    public static PeMultiplier of(PeType pe) {
        return pe == PeType.LOG ? LOG : LINEAR;
    }

    /** {@code v} modulo 2^bits, sign-extended: how a sum is stored in the accumulator. */
    public static long wrap(long v, int bits) {
        int unused = 64 - bits;
        return (v << unused) >> unused;
    }
}
