package npukit.arch.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every deterministic mode against java.math's exact rounding: all 16-bit inputs with all shifts
 * 0..15, and seeded random doubles.
 */
class RoundingExhaustiveTest {

    /** The exact reference: BigDecimal division by 2^n is exact, then java.math rounds. */
    private static long reference(RoundingMode mode, BigDecimal v) {
        return switch (mode) {
            case HALF_EVEN -> v.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
            case HALF_AWAY -> v.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            case HALF_ZERO -> v.setScale(0, java.math.RoundingMode.HALF_DOWN).longValueExact();
            case FLOOR -> v.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            case CEIL -> v.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
            case TRUNC -> v.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            case HALF_UP -> v.add(HALF).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            case HALF_DOWN -> v.subtract(HALF).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
            case STOCHASTIC -> throw new AssertionError("no exact reference for stochastic rounding");
        };
    }

    private static final BigDecimal HALF = new BigDecimal("0.5");

    @Test
    void allSixteenBitInputsAndShifts() {
        for (RoundingMode mode : RoundingMode.values()) {
            if (mode.isStochastic()) {
                continue;
            }
            Rounder r = mode.rounder();
            for (int n = 0; n <= 15; n++) {
                BigDecimal divisor = new BigDecimal(BigInteger.ONE.shiftLeft(n));
                for (int x = -32768; x <= 32767; x++) {
                    long want = reference(mode, new BigDecimal(x).divide(divisor));
                    long got = r.shiftRight(x, n);
                    if (got != want) {
                        assertEquals(want, got, mode + " x=" + x + " n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void roundOfRandomDoubles() {
        SplittableRandom rnd = new SplittableRandom(20240611L);
        for (RoundingMode mode : RoundingMode.values()) {
            if (mode.isStochastic()) {
                continue;
            }
            Rounder r = mode.rounder();
            for (int i = 0; i < 50_000; i++) {
                // Mix magnitudes from 2^-30 to 2^60 so fractions, ties and integers all occur.
                double v = Math.scalb(rnd.nextDouble(-1.0, 1.0), rnd.nextInt(-30, 61));
                if (i % 10 == 0) {
                    v = rnd.nextInt(-2000, 2000) / 4.0;
                }
                double value = v;
                long want = reference(mode, new BigDecimal(value));
                long got = r.round(value);
                if (got != want) {
                    assertEquals(want, got, mode + " v=" + value);
                }
            }
        }
    }
}
