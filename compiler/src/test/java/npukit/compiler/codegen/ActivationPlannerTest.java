package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationPlannerTest {

    @Test
    void buffersTwoLayersApartShareBytes() {
        ActivationPlanner.Plan p = ActivationPlanner.plan(List.of(100L, 50L, 100L, 30L), 64);
        assertEquals(List.of(0L, 128L, 0L, 128L), p.offsets());
        assertEquals(178, p.arenaBytes());
    }

    @Test
    void aBufferLargerThanTheFreeGapGoesAbove() {
        ActivationPlanner.Plan p = ActivationPlanner.plan(List.of(64L, 64L, 200L), 64);
        // Buffer 2 is live with buffer 1 at [64, 128): it cannot start at 0 with 200 bytes.
        assertEquals(List.of(0L, 64L, 128L), p.offsets());
        assertEquals(328, p.arenaBytes());
    }

    @Test
    void oneBufferIsTheArena() {
        assertEquals(new ActivationPlanner.Plan(List.of(0L), 7), ActivationPlanner.plan(List.of(7L), 64));
        assertThrows(IllegalArgumentException.class, () -> ActivationPlanner.plan(List.of(0L), 64));
    }
}
