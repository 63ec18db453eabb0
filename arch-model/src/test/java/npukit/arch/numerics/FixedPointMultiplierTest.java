package npukit.arch.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointMultiplierTest {

    @Test
    void knownScales() {
        assertEquals(new FixedPointMultiplier(1 << 30, 0, 32), FixedPointMultiplier.fromScale(0.5, 32));
        assertEquals(new FixedPointMultiplier(1 << 30, -1, 32), FixedPointMultiplier.fromScale(1.0, 32));
        // 1/255 = (128/255) * 2^-7; 2^31 * 128/255 = 1077952576.25...
        assertEquals(new FixedPointMultiplier(1077952576, 7, 32), FixedPointMultiplier.fromScale(1.0 / 255, 32));
        // 3e-5 = 0.98304 * 2^-15; 0.98304 * 2^31 = 2111062325.4...; 0.98304 * 2^7 = 125.8...
        assertEquals(new FixedPointMultiplier(2111062325, 15, 32), FixedPointMultiplier.fromScale(3e-5, 32));
        assertEquals(new FixedPointMultiplier(126, 15, 8), FixedPointMultiplier.fromScale(3e-5, 8));
        assertEquals(new FixedPointMultiplier(3, -2, 3), FixedPointMultiplier.fromScale(3.0, 3));
    }

    @Test
    void mantissaRoundingUpToTheLimitMovesToTheNextExponent() {
        double justBelowOne = 1 - 0x1p-40;
        assertEquals(new FixedPointMultiplier(64, -1, 8), FixedPointMultiplier.fromScale(justBelowOne, 8));
        assertEquals(new FixedPointMultiplier(1 << 30, -1, 32), FixedPointMultiplier.fromScale(justBelowOne, 32));
        // 0.99 * 2^7 = 126.72 rounds to 127, which still fits.
        assertEquals(new FixedPointMultiplier(127, 0, 8), FixedPointMultiplier.fromScale(0.99, 8));
    }

    @Test
    void tieOfTheMantissaRoundsAwayFromZero() {
        // 0.5 + 2^-4 = 0.5625; * 2^2 = 2.25 -> 2 ; 0.625 * 2^2 = 2.5 -> 3
        assertEquals(new FixedPointMultiplier(3, 0, 3), FixedPointMultiplier.fromScale(0.625, 3));
        assertEquals(new FixedPointMultiplier(2, 0, 3), FixedPointMultiplier.fromScale(0.5625, 3));
    }

    @Test
    void toDoubleIsTheRealValueAndCloseToTheScale() {
        assertEquals(0.75 * 0.25, new FixedPointMultiplier(3, 2, 3).toDouble());
        assertEquals(6.0, new FixedPointMultiplier(3, -3, 3).toDouble());
        SplittableRandom rnd = new SplittableRandom(77);
        for (int i = 0; i < 10_000; i++) {
            double scale = Math.scalb(rnd.nextDouble(0.5, 1.0), rnd.nextInt(-60, 31));
            FixedPointMultiplier m = FixedPointMultiplier.fromScale(scale, 32);
            assertTrue(Math.abs(m.toDouble() - scale) <= scale * 0x1p-31,
                    () -> scale + " -> " + m);
            assertTrue(m.multiplier() >= 1 << 30, () -> "top bit not set for " + scale);
        }
    }

    @Test
    void badScalesAreRejected() {
        for (double bad : new double[] {0.0, -0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 0x1p31, 1e12, 0x1p-70, Double.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FixedPointMultiplier.fromScale(bad, 32), () -> "accepted " + bad);
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FixedPointMultiplier.fromScale(0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> FixedPointMultiplier.fromScale(0.5, 33));
    }

    @Test
    void constructorChecksRanges() {
        assertThrows(IllegalArgumentException.class, () -> new FixedPointMultiplier(128, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new FixedPointMultiplier(-1, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new FixedPointMultiplier(1, -32, 8));
        assertThrows(IllegalArgumentException.class, () -> new FixedPointMultiplier(1, 63, 8));
        assertThrows(IllegalArgumentException.class, () -> new FixedPointMultiplier(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FixedPointMultiplier(1, 0, 33));
        assertEquals(Integer.MAX_VALUE, new FixedPointMultiplier(Integer.MAX_VALUE, 62, 32).multiplier());
    }
}
