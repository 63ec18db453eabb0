package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.isa.HbmSegment;
import npukit.isa.Program;
import org.junit.jupiter.api.Test;

/**
 * The progress a run reports: instructions finished out of those before FINISH, never going back, ending
 * at all of them in the run's last cycles; and telling it changes nothing in the result.
 */
class SimulationProgressTest {

    record Update(int done, int total, long cycle) {
    }

    @Test
    void progressCountsFinishedInstructionsUpToAllOfThem() {
        ChipConfig chip = TestChips.chip(Dataflow.WS);
        Random rnd = new Random(5);
        String asm = RandomProgramTest.asm(Dataflow.WS, rnd);
        byte[] image = new byte[16384];
        rnd.nextBytes(image);
        Program p = TestChips.program(chip, asm, List.of(new HbmSegment(0, image)));
        int toRun = p.instructions().size() - 1;
        List<Update> updates = new ArrayList<>();
        SimulationResult result = new Simulator(chip, Simulator.Mode.TIMING_ONLY)
                .run(p, (done, total, cycle) -> updates.add(new Update(done, total, cycle)));
        assertTrue(updates.size() > 10, "told as instructions finish: " + updates.size());
        for (int i = 0; i < updates.size(); i++) {
            Update u = updates.get(i);
            assertEquals(toRun, u.total());
            if (i > 0) {
                assertTrue(u.done() > updates.get(i - 1).done() && u.cycle() > updates.get(i - 1).cycle(), u.toString());
            }
        }
        Update last = updates.get(updates.size() - 1);
        assertEquals(toRun, last.done());
        assertTrue(last.cycle() < result.counters().cycles(), last + " within " + result.counters().cycles());
        assertEquals(new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(p).counters(), result.counters());
    }
}
