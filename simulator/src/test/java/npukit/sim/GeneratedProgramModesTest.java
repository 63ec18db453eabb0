package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.isa.Program;
import npukit.isa.gen.LargeGemm;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.isa.gen.RegressionPrograms;
import org.junit.jupiter.api.Test;

/**
 * Programs from the isa generators on every preset, run in both modes: timing-only must give exactly
 * the counters and per-instruction timings of the functional run, which moves every byte. The DMA
 * engines skip cycles and batch work differently when no data moves, so this pins the two together.
 */
class GeneratedProgramModesTest {

    @Test
    void randomAndRegressionProgramsTimeTheSameInBothModes() {
        for (ChipConfig chip : ChipPresets.all()) {
            List<Program> programs = new ArrayList<>();
            RegressionPrograms.forChip(chip).forEach(p -> programs.add(p.program()));
            for (long seed = 0; seed < 3; seed++) {
                programs.add(new RandomProgramGenerator(chip, seed).generate(60));
            }
            for (Program p : programs) {
                assertSameTiming(chip, p);
            }
        }
    }

    @Test
    void aLargeTiledGemmTimesTheSameInBothModes() {
        ChipConfig chip = ChipPresets.gemmini();
        assertSameTiming(chip, LargeGemm.of(chip, 128, 64, 64, 64, 3).program());
    }

    private static void assertSameTiming(ChipConfig chip, Program p) {
        SimulationResult functional = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(p);
        SimulationResult timing = new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(p);
        assertEquals(functional.counters(), timing.counters(), chip.name());
        assertEquals(functional.timings(), timing.timings(), chip.name());
    }
}
