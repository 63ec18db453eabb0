package npukit.arch.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogEncoderTest {

    private static final int[] STEPS = {1, 2, 3, 4, 16, 64};

    /** The three exact references, from powers of |x| alone. */
    private record Reference(long floor, long ceil, long nearest) {
        static Reference of(long magnitude, int steps) {
            BigInteger p = BigInteger.valueOf(magnitude).pow(steps);
            // floor: |x|^s in [2^t, 2^(t+1)).  ceil: the smallest t with |x|^s <= 2^t.
            long floor = p.bitLength() - 1;
            long ceil = p.subtract(BigInteger.ONE).bitLength();
            // nearest: |x|^(2s) in [2^(2t-1), 2^(2t+1)), i.e. t = ceil(floor(log2 |x|^(2s)) / 2).
            long nearest = p.multiply(p).bitLength() / 2;
            return new Reference(floor, ceil, nearest);
        }

        long expected(RoundingMode mode) {
            return switch (mode) {
                case FLOOR, TRUNC -> floor;
                case CEIL -> ceil;
                default -> nearest;
            };
        }
    }

    private static List<LogEncoder> encoders(int steps) {
        List<LogEncoder> list = new ArrayList<>();
        for (RoundingMode m : RoundingMode.values()) {
            if (!m.isStochastic()) {
                list.add(new LogEncoder(steps, m));
            }
        }
        return list;
    }

    private static void check(List<LogEncoder> encoders, long x) {
        Reference ref = Reference.of(Math.abs(x), encoders.get(0).stepsPerOctave());
        for (LogEncoder enc : encoders) {
            long got = enc.logCode(x);
            long want = ref.expected(enc.mode());
            if (got != want) {
                assertEquals(want, got, enc.mode() + " steps=" + enc.stepsPerOctave() + " x=" + x);
            }
        }
    }

    @Test
    void allSixteenBitMagnitudesAgreeWithTheReference() {
        for (int steps : STEPS) {
            List<LogEncoder> encoders = encoders(steps);
            for (long m = 1; m <= 65535; m++) {
                check(encoders, m);
            }
            check(encoders, -3);
            check(encoders, -65535);
        }
    }

    @Test
    void randomInt32ValuesAndTheExtremesAgreeWithTheReference() {
        SplittableRandom rnd = new SplittableRandom(4242);
        for (int steps : STEPS) {
            List<LogEncoder> encoders = encoders(steps);
            for (int i = 0; i < 20_000; i++) {
                int x = rnd.nextInt();
                // Also small and near-power-of-two magnitudes, where the tables' edges are.
                if (i % 5 == 0) {
                    x = (1 << rnd.nextInt(0, 31)) + rnd.nextInt(-2, 3);
                }
                if (x != 0) {
                    check(encoders, x);
                }
            }
            check(encoders, Integer.MIN_VALUE);
            check(encoders, Integer.MAX_VALUE);
            check(encoders, 1L << 31);
        }
    }

    @Test
    void knownThresholds() {
        // ceil(2^31 * sqrt 2) = ceil(3037000499.976...) = 3037000500
        assertArrayEquals(new long[] {3037000500L}, new LogEncoder(1, RoundingMode.HALF_EVEN).thresholds());
        assertArrayEquals(new long[0], new LogEncoder(1, RoundingMode.FLOOR).thresholds());
        assertArrayEquals(new long[] {3037000500L}, new LogEncoder(2, RoundingMode.CEIL).thresholds());
        LogEncoder nearest16 = new LogEncoder(16, RoundingMode.HALF_AWAY);
        long[] t = nearest16.thresholds();
        assertEquals(16, t.length);
        for (int j = 0; j < t.length; j++) {
            double approx = 0x1p31 * Math.pow(2, (2 * j + 1) / 32.0);
            assertTrue(Math.abs(t[j] - approx) < 2, "T_" + j + " = " + t[j] + " vs " + approx);
            assertTrue(j == 0 || t[j] > t[j - 1]);
        }
        t[0] = 0;
        assertTrue(nearest16.thresholds()[0] > 1L << 31, "thresholds() must return a copy");
    }

    @Test
    void knownCodes() {
        LogEncoder near = new LogEncoder(16, RoundingMode.HALF_EVEN);
        assertEquals(0, near.logCode(1));
        assertEquals(16, near.logCode(2));
        assertEquals(16, near.logCode(-2));
        // 16 * log2 3 = 25.36
        assertEquals(25, near.logCode(3));
        assertEquals(26, new LogEncoder(16, RoundingMode.CEIL).logCode(3));
        assertEquals(25, new LogEncoder(16, RoundingMode.TRUNC).logCode(3));
        assertEquals(16 * 31, near.logCode(Integer.MIN_VALUE));
        assertEquals(31, new LogEncoder(1, RoundingMode.CEIL).logCode(Integer.MAX_VALUE));
        assertEquals(30, new LogEncoder(1, RoundingMode.FLOOR).logCode(Integer.MAX_VALUE));
    }

    @Test
    void encodeClampsSignsAndAppliesRelu() {
        LogEncoder enc = new LogEncoder(16, RoundingMode.HALF_EVEN);
        assertEquals(0, enc.encode(0, 10, 8, false));
        assertEquals(25 - 10, enc.encode(3, 10, 8, false));
        assertEquals(0x80 | 15, enc.encode(-3, 10, 8, false));
        assertEquals(0, enc.encode(-3, 10, 8, true));
        assertEquals(15, enc.encode(3, 10, 8, true));
        // Below the offset: magnitude 0; far above: the largest magnitude.
        assertEquals(0, enc.encode(1, 10, 8, false));
        assertEquals(127, enc.encode(Integer.MAX_VALUE, -200, 8, false));
        assertEquals(0b1111, enc.encode(-Integer.MAX_VALUE, -200, 4, false));
    }

    @Test
    void decodeInvertsTheCode() {
        LogEncoder enc = new LogEncoder(4, RoundingMode.HALF_EVEN);
        assertEquals(8.0, enc.decode(enc.encode(8, 0, 8, false), 0, 8));
        assertEquals(-8.0, enc.decode(enc.encode(-8, 0, 8, false), 0, 8));
        assertEquals(Math.pow(2, 13 / 4.0), enc.decode(13, 0, 8), 1e-12);
        assertEquals(2.0, enc.decode(0, 4, 8));
        assertEquals(-0.5, enc.decode(0b1000_0010, -6, 8));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LogEncoder(0, RoundingMode.FLOOR));
        assertThrows(IllegalArgumentException.class, () -> new LogEncoder(65, RoundingMode.FLOOR));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogEncoder(16, RoundingMode.STOCHASTIC));
        assertTrue(e.getMessage().contains("stochastic"), e.getMessage());
        LogEncoder enc = new LogEncoder(16, RoundingMode.FLOOR);
        assertThrows(IllegalArgumentException.class, () -> enc.logCode(0));
        assertThrows(IllegalArgumentException.class, () -> enc.logCode((1L << 31) + 1));
        assertThrows(IllegalArgumentException.class, () -> enc.logCode(Long.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(5, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> enc.encode(5, 0, 17, false));
        assertThrows(IllegalArgumentException.class, () -> enc.decode(256, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> enc.decode(-1, 0, 8));
    }
}
