package npukit.arch.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequantizerTest {

    private static final BigInteger TWO_30 = BigInteger.ONE.shiftLeft(30);
    private static final Rounder AWAY = RoundingMode.HALF_AWAY.rounder();

    /** round(a * b / 2^31), ties toward +infinity, with MIN * MIN saturating. */
    private static long highMulReference(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        BigInteger num = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).add(TWO_30);
        // floor((ab + 2^30) / 2^31): shiftRight on BigInteger is a floor division.
        return num.shiftRight(31).longValueExact();
    }

    private static long halfAway(BigInteger num, int n) {
        return new BigDecimal(num).divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)))
                .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }

    /** gemmlowp's definition with BigInteger arithmetic and HALF_AWAY for the final divide. */
    private static long doubleRoundingReference(long acc, int mult, int shift) {
        long x = acc;
        if (shift < 0) {
            BigInteger shifted = BigInteger.valueOf(acc).shiftLeft(-shift);
            x = shifted.max(BigInteger.valueOf(Integer.MIN_VALUE)).min(BigInteger.valueOf(Integer.MAX_VALUE))
                    .longValueExact();
        }
        long h = highMulReference((int) x, mult);
        return halfAway(BigInteger.valueOf(h), Math.max(shift, 0));
    }

    private static long singleRoundingReference(long acc, int mult, int shift) {
        return halfAway(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(mult)), 31 + shift);
    }

    @Test
    void doublingHighMulEdgeCases() {
        int min = Integer.MIN_VALUE;
        assertEquals(Integer.MAX_VALUE, Requantizer.doublingHighMul(min, min));
        assertEquals(1, Requantizer.doublingHighMul(min, -1));
        assertEquals(-1, Requantizer.doublingHighMul(min, 1));
        assertEquals(0, Requantizer.doublingHighMul(0, 12345));
        assertEquals(min + 1, Requantizer.doublingHighMul(min, Integer.MAX_VALUE));
        // a * b = +2^30 is the tie +0.5 -> 1; a * b = -2^30 is -0.5 -> 0 (toward +infinity).
        assertEquals(1, Requantizer.doublingHighMul(1 << 15, 1 << 15));
        assertEquals(0, Requantizer.doublingHighMul(-(1 << 15), 1 << 15));
        // -3 * 2^30 is -1.5 -> -1; 3 * 2^30 is 1.5 -> 2.
        assertEquals(-1, Requantizer.doublingHighMul(-3, 1 << 30));
        assertEquals(2, Requantizer.doublingHighMul(3, 1 << 30));
        // Just off the tie.
        assertEquals(-1, Requantizer.doublingHighMul(-(1 << 15) - 1, 1 << 15));
    }

    @Test
    void doublingHighMulAgreesWithBigIntegerOnRandomPairs() {
        SplittableRandom rnd = new SplittableRandom(31337);
        for (int i = 0; i < 200_000; i++) {
            int a = i % 4 == 0 ? rnd.nextInt(-70_000, 70_000) : rnd.nextInt();
            int b = i % 8 == 0 ? 1 << rnd.nextInt(0, 31) : rnd.nextInt();
            long got = Requantizer.doublingHighMul(a, b);
            if (got != highMulReference(a, b)) {
                assertEquals(highMulReference(a, b), got, "a=" + a + " b=" + b);
            }
        }
    }

    @Test
    void doubleAndSingleRoundingDifferOnConcreteInputs() {
        // -305299 * 1461972487 / 2^32 = -103921.3357...: single rounding gives -103921, while the high
        // multiply first rounds to -207843, whose half -103921.5 is a false tie that rounds to -103922.
        FixedPointMultiplier m = new FixedPointMultiplier(1461972487, 1, 32);
        assertEquals(-103922, Requantizer.doubleRounding(-305299, m, AWAY));
        assertEquals(-103921, Requantizer.singleRounding(-305299, m, AWAY));
        FixedPointMultiplier m2 = new FixedPointMultiplier(1421676779, 1, 32);
        assertEquals(237428, Requantizer.doubleRounding(717282, m2, AWAY));
        assertEquals(237427, Requantizer.singleRounding(717282, m2, AWAY));
    }

    @Test
    void seededSearchFindsDifferencesAndBothPathsMatchTheirDefinitions() {
        SplittableRandom rnd = new SplittableRandom(2024);
        int differences = 0;
        for (int i = 0; i < 50_000; i++) {
            long acc = i % 2 == 0 ? rnd.nextInt(-(1 << 20), 1 << 20) : rnd.nextInt();
            int mult = rnd.nextInt(1 << 30, Integer.MAX_VALUE);
            int shift = rnd.nextInt(-4, 13);
            FixedPointMultiplier m = new FixedPointMultiplier(mult, shift, 32);
            long dbl = Requantizer.doubleRounding(acc, m, AWAY);
            long sgl = Requantizer.singleRounding(acc, m, AWAY);
            assertEquals(doubleRoundingReference(acc, mult, shift), dbl, () -> "double " + acc + " " + m);
            if (shift >= 0) {
                // With a left shift the double path saturates at int32 first; single rounding does not.
                assertEquals(singleRoundingReference(acc, mult, shift), sgl, () -> "single " + acc + " " + m);
                if (dbl != sgl) {
                    differences++;
                    assertEquals(1, Math.abs(dbl - sgl), () -> "more than one apart: " + acc + " " + m);
                }
            }
        }
        assertTrue(differences > 10, "expected double and single rounding to differ, found " + differences);
    }

    @Test
    void doubleRoundingLeftShiftSaturatesAtInt32First() {
        FixedPointMultiplier m = new FixedPointMultiplier(1 << 30, -4, 32);
        // 2^28 << 4 = 2^32 saturates to 2^31 - 1; times one half.
        assertEquals((1L << 30), Requantizer.doubleRounding(1 << 28, m, AWAY));
        assertEquals(-(1L << 30), Requantizer.doubleRounding(-(1 << 28), m, AWAY));
        assertEquals(160, Requantizer.doubleRounding(20, m, AWAY));
    }

    @Test
    void singleRoundingWithNegativeTotalShiftsLeft() {
        // bits 2: multiplier 1 means 0.5; shift -3 gives total 1 - 3 = -2: a left shift by 2 of acc * 1.
        FixedPointMultiplier m = new FixedPointMultiplier(1, -3, 2);
        assertEquals(28, Requantizer.singleRounding(7, m, AWAY));
        assertEquals(-28, Requantizer.singleRounding(-7, m, AWAY));
        FixedPointMultiplier wide = new FixedPointMultiplier(1, -31, 2);
        assertEquals(Integer.MIN_VALUE * (1L << 30), Requantizer.singleRounding(Integer.MIN_VALUE, wide, AWAY));
        // The extreme of the ranges: 7 * 2^31 * 2^28 is still below 2^62, so the left shift is exact.
        FixedPointMultiplier extreme = new FixedPointMultiplier(7, -31, 4);
        assertEquals(-7L << 59, Requantizer.singleRounding(Integer.MIN_VALUE, extreme, AWAY));
        assertEquals(7L * Integer.MAX_VALUE << 28, Requantizer.singleRounding(Integer.MAX_VALUE, extreme, AWAY));
    }

    @Test
    void singleRoundingRoundsInTheGivenMode() {
        FixedPointMultiplier half = new FixedPointMultiplier(1 << 30, 0, 32);
        assertEquals(-2, Requantizer.singleRounding(-3, half, RoundingMode.HALF_EVEN.rounder()));
        assertEquals(-1, Requantizer.singleRounding(-3, half, RoundingMode.HALF_UP.rounder()));
        assertEquals(-2, Requantizer.singleRounding(-3, half, RoundingMode.FLOOR.rounder()));
        assertEquals(-1, Requantizer.singleRounding(-3, half, RoundingMode.TRUNC.rounder()));
    }

    @Test
    void singleRoundingRejectsTooLargeATotalShift() {
        FixedPointMultiplier m = new FixedPointMultiplier(5, 40, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Requantizer.singleRounding(1, m, AWAY));
        assertTrue(e.getMessage().contains("2^71"), e.getMessage());
    }

    @Test
    void requantizersRejectBadArguments() {
        FixedPointMultiplier m16 = new FixedPointMultiplier(5, 0, 16);
        FixedPointMultiplier m32 = new FixedPointMultiplier(5, 0, 32);
        assertThrows(IllegalArgumentException.class, () -> Requantizer.doubleRounding(1, m16, AWAY));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.doubleRounding(1L << 31, m32, AWAY));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.singleRounding(-(1L << 31) - 1, m32, AWAY));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.powerOfTwo(1, 63, AWAY));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.powerOfTwo(1, -63, AWAY));
    }

    @Test
    void powerOfTwoShiftsBothWays() {
        assertEquals(3, Requantizer.powerOfTwo(5, 1, AWAY));
        assertEquals(-3, Requantizer.powerOfTwo(-5, 1, AWAY));
        assertEquals(2, Requantizer.powerOfTwo(5, 1, RoundingMode.HALF_EVEN.rounder()));
        assertEquals(40, Requantizer.powerOfTwo(5, -3, AWAY));
        assertEquals(Long.MAX_VALUE, Requantizer.powerOfTwo(5, -62, AWAY));
        assertEquals(Long.MIN_VALUE, Requantizer.powerOfTwo(-5, -62, AWAY));
        assertEquals(-(1L << 62), Requantizer.powerOfTwo(-1, -62, AWAY));
        assertEquals(7, Requantizer.powerOfTwo(7, 0, AWAY));
    }

    @Test
    void saturateClampsToTheRange() {
        assertEquals(127, Requantizer.saturate(1000, 8, true));
        assertEquals(-128, Requantizer.saturate(-1000, 8, true));
        assertEquals(-5, Requantizer.saturate(-5, 8, true));
        assertEquals(255, Requantizer.saturate(1000, 8, false));
        assertEquals(0, Requantizer.saturate(-3, 8, false));
        assertEquals(1, Requantizer.saturate(9, 1, false));
        assertEquals((1L << 62) - 1, Requantizer.saturate(Long.MAX_VALUE, 63, true));
        assertEquals(-(1L << 62), Requantizer.saturate(Long.MIN_VALUE, 63, true));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.saturate(0, 1, true));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.saturate(0, 64, true));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.saturate(0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.saturate(0, 63, false));
    }
}
