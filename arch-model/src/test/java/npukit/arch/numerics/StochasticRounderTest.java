package npukit.arch.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StochasticRounderTest {

    @Test
    void xorshift32KnownVector() {
        StochasticRounder r = new StochasticRounder(1);
        assertEquals(270369L, r.draw());
        assertEquals(67634689L, r.draw());
        assertEquals(2647435461L, r.draw());
    }

    @Test
    void zeroSeedIsMappedToAFixedNonZeroState() {
        assertEquals(0x9E3779B9, StochasticRounder.initialState(0));
        // The high and low halves are folded, so this seed also lands on zero.
        assertEquals(0x9E3779B9, StochasticRounder.initialState((1L << 32) | 1L));
        assertEquals(7, StochasticRounder.initialState(7));
    }

    @Test
    void sameSeedGivesTheSameSequence() {
        Rounder a = RoundingMode.STOCHASTIC.rounder(42);
        Rounder b = RoundingMode.STOCHASTIC.rounder(42);
        Rounder c = RoundingMode.STOCHASTIC.rounder(43);
        SplittableRandom rnd = new SplittableRandom(5);
        long[] ra = new long[2000];
        long[] rb = new long[2000];
        long[] rc = new long[2000];
        for (int i = 0; i < ra.length; i++) {
            long x = rnd.nextLong(-1_000_000, 1_000_000);
            ra[i] = a.shiftRight(x, 7);
            rb[i] = b.shiftRight(x, 7);
            rc[i] = c.shiftRight(x, 7);
        }
        assertArrayEquals(ra, rb);
        assertNotEquals(java.util.Arrays.toString(ra), java.util.Arrays.toString(rc));
    }

    @Test
    void exactValuesNeverRoundUp() {
        Rounder r = RoundingMode.STOCHASTIC.rounder(9);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(3, r.shiftRight(12, 2));
            assertEquals(-3, r.shiftRight(-12, 2));
            assertEquals(5, r.round(5.0));
            assertEquals(-5, r.round(-5.0));
            assertEquals(17, r.shiftRight(17, 0));
        }
    }

    @Test
    void resultIsAlwaysFloorOrFloorPlusOne() {
        Rounder r = RoundingMode.STOCHASTIC.rounder(3);
        for (int i = 0; i < 10_000; i++) {
            long v = r.shiftRight(-7, 2);
            assertTrue(v == -2 || v == -1, "got " + v);
            long w = r.round(2.3);
            assertTrue(w == 2 || w == 3, "got " + w);
        }
    }

    @Test
    void meanOfAQuarterIsAQuarter() {
        Rounder r = RoundingMode.STOCHASTIC.rounder(12345);
        long sum = 0;
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            sum += r.shiftRight(1, 2);
        }
        assertEquals(0.25, (double) sum / draws, 0.01);
        long sumRound = 0;
        for (int i = 0; i < draws; i++) {
            sumRound += r.round(-0.75);
        }
        assertEquals(-0.75, (double) sumRound / draws, 0.01);
    }
}
