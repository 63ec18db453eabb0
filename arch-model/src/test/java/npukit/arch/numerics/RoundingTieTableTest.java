package npukit.arch.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tie table of docs/numerics.md (from DESIGN.md), for shifts and for float rounding. */
class RoundingTieTableTest {

    private static final long[] ODD_INPUTS = {-5, -3, -1, 1, 3, 5};

    /** Results for x / 2 with x = -5, -3, -1, 1, 3, 5, copied from the design table. */
    private static final Map<RoundingMode, long[]> TABLE = Map.of(
            RoundingMode.HALF_EVEN, new long[] {-2, -2, 0, 0, 2, 2},
            RoundingMode.HALF_AWAY, new long[] {-3, -2, -1, 1, 2, 3},
            RoundingMode.HALF_UP, new long[] {-2, -1, 0, 1, 2, 3},
            RoundingMode.HALF_DOWN, new long[] {-3, -2, -1, 0, 1, 2},
            RoundingMode.HALF_ZERO, new long[] {-2, -1, 0, 0, 1, 2},
            RoundingMode.FLOOR, new long[] {-3, -2, -1, 0, 1, 2},
            RoundingMode.TRUNC, new long[] {-2, -1, 0, 0, 1, 2},
            RoundingMode.CEIL, new long[] {-2, -1, 0, 1, 2, 3});

    @Test
    void tableCoversEveryDeterministicMode() {
        for (RoundingMode m : RoundingMode.values()) {
            assertEquals(!m.isStochastic(), TABLE.containsKey(m), m.name());
        }
    }

    @Test
    void shiftRightByOneMatchesTheTable() {
        TABLE.forEach((mode, expected) -> {
            Rounder r = mode.rounder();
            long[] got = new long[ODD_INPUTS.length];
            for (int i = 0; i < ODD_INPUTS.length; i++) {
                got[i] = r.shiftRight(ODD_INPUTS[i], 1);
            }
            assertArrayEquals(expected, got, mode.name());
        });
    }

    @Test
    void roundOfHalvesMatchesTheTable() {
        TABLE.forEach((mode, expected) -> {
            Rounder r = mode.rounder();
            long[] got = new long[ODD_INPUTS.length];
            for (int i = 0; i < ODD_INPUTS.length; i++) {
                got[i] = r.round(ODD_INPUTS[i] / 2.0);
            }
            assertArrayEquals(expected, got, mode.name());
        });
    }

    @Test
    void offTieValuesGoToTheNearestOrFollowTheDirection() {
        // 1.75 and -1.75, both as 7/4 and -7/4 shifts and as doubles.
        Map<RoundingMode, long[]> expected = Map.of(
                RoundingMode.HALF_EVEN, new long[] {2, -2},
                RoundingMode.HALF_AWAY, new long[] {2, -2},
                RoundingMode.HALF_UP, new long[] {2, -2},
                RoundingMode.HALF_DOWN, new long[] {2, -2},
                RoundingMode.HALF_ZERO, new long[] {2, -2},
                RoundingMode.FLOOR, new long[] {1, -2},
                RoundingMode.TRUNC, new long[] {1, -1},
                RoundingMode.CEIL, new long[] {2, -1});
        expected.forEach((mode, want) -> {
            Rounder r = mode.rounder();
            assertArrayEquals(want, new long[] {r.shiftRight(7, 2), r.shiftRight(-7, 2)}, mode + " shift");
            assertArrayEquals(want, new long[] {r.round(1.75), r.round(-1.75)}, mode + " round");
        });
        // 1.25 and -1.25: the half modes go down in magnitude.
        for (RoundingMode mode : TABLE.keySet()) {
            if (mode.name().startsWith("HALF")) {
                Rounder r = mode.rounder();
                assertEquals(1, r.shiftRight(5, 2), mode.name());
                assertEquals(-1, r.shiftRight(-5, 2), mode.name());
            }
        }
    }

    @Test
    void justBelowMinusOneHalfIsNotATie() {
        // -0.49999999999999994 + 1 rounds to exactly 0.5 in double arithmetic.
        double v = Math.nextUp(-0.5);
        for (RoundingMode mode : TABLE.keySet()) {
            long want = switch (mode) {
                case FLOOR -> -1;
                default -> 0;
            };
            assertEquals(want, mode.rounder().round(v), mode.name());
        }
        double w = Math.nextDown(-0.5);
        for (RoundingMode mode : TABLE.keySet()) {
            long want = switch (mode) {
                case CEIL, TRUNC -> 0;
                default -> -1;
            };
            assertEquals(want, mode.rounder().round(w), mode.name());
        }
    }

    @Test
    void badArgumentsAreRejected() {
        Rounder r = RoundingMode.HALF_EVEN.rounder();
        assertThrows(IllegalArgumentException.class, () -> r.shiftRight(1, 63));
        assertThrows(IllegalArgumentException.class, () -> r.shiftRight(1, -1));
        assertThrows(IllegalArgumentException.class, () -> r.round(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> r.round(0x1p62));
        assertThrows(IllegalStateException.class, () -> RoundingMode.STOCHASTIC.rounder());
    }
}
