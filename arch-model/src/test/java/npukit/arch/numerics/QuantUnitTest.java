package npukit.arch.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import org.junit.jupiter.api.Test;

class QuantUnitTest {

    /** Linear, single rounding, half-even, 16-bit multiplier, 8-bit output. */
    private static final QuantConfig LINEAR16 = new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_EVEN,
            RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, false, 8, 8, 16, 16, 1);

    private static QuantUnitRegs regs(int bias, int mult, int shift, int zp, boolean relu) {
        return new QuantUnitRegs(bias, mult, shift, zp, relu);
    }

    @Test
    void linearSingleRoundingByHand() {
        QuantUnit unit = new QuantUnit(LINEAR16, 32);
        // multiplier 16384 / 2^15 = 0.5, shift 2: scale 0.125.
        QuantUnitRegs r = regs(10, 16384, 2, 3, false);
        assertEquals(12 + 3, unit.apply(90, r)); // 100 * 0.125 = 12.5 -> 12 (half-even)
        assertEquals(14 + 3, unit.apply(98, r)); // 108 * 0.125 = 13.5 -> 14 (half-even)
    }

    @Test
    void linearClampReluAndZeroPoint() {
        QuantUnit unit = new QuantUnit(LINEAR16, 32);
        QuantUnitRegs r = regs(10, 16384, 2, 3, false);
        assertEquals(-127, unit.apply(-1050, r)); // -1040 * 0.125 = -130, + 3
        assertEquals(-128, unit.apply(-2000, r)); // -248.75 -> -249 + 3, clamped
        assertEquals(127, unit.apply(5000, r));
        QuantUnitRegs relu = regs(10, 16384, 2, 3, true);
        assertEquals(3, unit.apply(-1050, relu)); // ReLU clamps at the zero point
        assertEquals(15, unit.apply(90, relu));
    }

    @Test
    void linearDoubleRoundingDiffersFromSingleRounding() {
        // 105 * 1635784940 / 2^36 = 2.4994: single rounding gives 2; the high multiply first rounds to
        // 80, and 80 / 32 = 2.5 rounds away to 3.
        QuantUnitRegs r = regs(0, 1635784940, 5, 0, false);
        assertEquals(3, new QuantUnit(QuantConfig.tfliteInt8(), 32).apply(105, r));
        QuantConfig single = QuantConfig.linearInt8(RoundingMode.HALF_AWAY, Granularity.PER_TENSOR);
        assertEquals(2, new QuantUnit(single, 32).apply(105, r));
        // multiplier 2^30 (one half), shift 1: 10 / 4 = 2.5 -> 3, zero point -5.
        assertEquals(-2, new QuantUnit(QuantConfig.tfliteInt8(), 32).apply(10, regs(0, 1 << 30, 1, -5, false)));
        // A left shift: 3 * 2^2 * 0.5 = 6.
        assertEquals(6, new QuantUnit(QuantConfig.tfliteInt8(), 32).apply(3, regs(0, 1 << 30, -2, 0, false)));
    }

    @Test
    void powerOfTwoByHand() {
        QuantUnit unit = new QuantUnit(QuantConfig.powerOfTwo(RoundingMode.HALF_EVEN, 8), 32);
        QuantUnitRegs r = regs(0, 0, 3, 0, false);
        assertEquals(2, unit.apply(20, r));   // 2.5 -> 2
        assertEquals(4, unit.apply(28, r));   // 3.5 -> 4
        assertEquals(-2, unit.apply(-20, r));
        assertEquals(127, unit.apply(1000, regs(0, 0, 0, 0, false)));
        assertEquals(0, unit.apply(-1000, regs(0, 0, 0, 0, true)));
        // The multiplier register is ignored by this scheme.
        assertEquals(2, unit.apply(20, regs(0, 12345, 3, 0, false)));
        QuantUnit floor = new QuantUnit(QuantConfig.powerOfTwo(RoundingMode.FLOOR, 8), 32);
        assertEquals(-3, floor.apply(-20, r));
    }

    @Test
    void logarithmicByHand() {
        QuantUnit unit = new QuantUnit(QuantConfig.nnieLog(), 32);
        // 16 * log2 3 = 25.36 -> 25; offset 10.
        assertEquals(15, unit.apply(3, regs(0, 0, 0, 10, false)));
        assertEquals(0x80 | 15, unit.apply(-3, regs(0, 0, 0, 10, false)));
        assertEquals(0, unit.apply(-3, regs(0, 0, 0, 10, true)));
        assertEquals(0, unit.apply(0, regs(0, 0, 0, 10, false)));
        // Bias first: 1 + 1 = 2 -> 16.
        assertEquals(16, unit.apply(1, regs(1, 0, 0, 0, false)));
        // MIN + 1 - 1 = -2^31: t = 16 * 31 = 496, minus -200 saturates the magnitude; shift and multiplier ignored.
        assertEquals(0xFF, unit.apply(Integer.MIN_VALUE + 1, regs(-1, 7, 9, -200, false)));
    }

    @Test
    void biasSaturatesAtTheAccumulatorWidth() {
        QuantConfig wide = new QuantConfig(QuantScheme.POWER_OF_TWO, RoundingMode.HALF_EVEN,
                RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true, 8, 16, 32, 16, 1);
        QuantUnit unit = new QuantUnit(wide, 12);
        assertEquals(2047, unit.apply(2000, regs(100, 0, 0, 0, false)));
        assertEquals(-2048, unit.apply(-2000, regs(-100, 0, 0, 0, false)));
        assertEquals(1900, unit.apply(2000, regs(-100, 0, 0, 0, false)));
        QuantUnit full = new QuantUnit(QuantConfig.tfliteInt8(), 32);
        // MAX + MAX saturates to MAX; times one half is 2^30 - 0.5 -> high mul rounds up to 2^30, clamped.
        assertEquals(127, full.apply(Integer.MAX_VALUE, regs(Integer.MAX_VALUE, 1 << 30, 0, 0, false)));
    }

    @Test
    void stochasticStateAdvancesPerCall() {
        QuantConfig cfg = new QuantConfig(QuantScheme.POWER_OF_TWO, RoundingMode.STOCHASTIC,
                RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true, 8, 8, 32, 16, 7);
        QuantUnit unit = new QuantUnit(cfg, 32);
        Rounder reference = RoundingMode.STOCHASTIC.rounder(7);
        int ones = 0;
        for (int i = 0; i < 1000; i++) {
            int got = unit.apply(1, regs(0, 0, 2, 0, false));
            assertEquals(reference.shiftRight(1, 2), got, "call " + i);
            ones += got;
        }
        assertTrue(ones > 150 && ones < 350, "a quarter should round up about 250 times, got " + ones);
    }

    @Test
    void badRegistersAndInputsAreRejected() {
        QuantUnit linear = new QuantUnit(LINEAR16, 16);
        assertThrows(IllegalArgumentException.class, () -> linear.apply(0, regs(0, 1 << 15, 0, 0, false)));
        assertThrows(IllegalArgumentException.class, () -> linear.apply(0, regs(0, 5, 0, 128, false)));
        assertThrows(IllegalArgumentException.class, () -> linear.apply(0, regs(0, 5, 0, -129, false)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> linear.apply(1 << 15, regs(0, 5, 0, 0, false)));
        assertTrue(e.getMessage().contains("32768"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> regs(0, 5, 32, 0, false));
        assertThrows(IllegalArgumentException.class, () -> regs(0, 5, -32, 0, false));
        assertThrows(IllegalArgumentException.class, () -> regs(0, -1, 0, 0, false));
        QuantUnit pow2 = new QuantUnit(QuantConfig.powerOfTwo(RoundingMode.HALF_EVEN, 8), 32);
        assertThrows(IllegalArgumentException.class, () -> pow2.apply(0, regs(0, 0, -1, 0, false)));
        QuantUnit log = new QuantUnit(QuantConfig.nnieLog(), 32);
        assertThrows(IllegalArgumentException.class, () -> log.apply(5, regs(0, 0, 0, 40_000, false)));
        assertThrows(IllegalArgumentException.class, () -> new QuantUnit(LINEAR16, 7));
        assertThrows(IllegalArgumentException.class, () -> new QuantUnit(LINEAR16, 33));
        assertThrows(IllegalArgumentException.class, () -> linear.apply(0, null));
    }

    @Test
    void accessors() {
        QuantUnit unit = new QuantUnit(LINEAR16, 24);
        assertSame(LINEAR16, unit.config());
        assertEquals(24, unit.accumulatorBits());
    }
}
