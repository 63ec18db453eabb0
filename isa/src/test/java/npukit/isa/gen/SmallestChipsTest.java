package npukit.isa.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.SramConfig;
import npukit.isa.Geometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every valid chip runs the whole regression set, scaled to fit, and random programs that reach every
 * unit: chips whose memories hold only the 16 rows the config requires, presets with 1 or 2 KiB of
 * accumulator memory, and odd array shapes.
 */
class SmallestChipsTest {

    /** A chip whose scratchpad and accumulator memory are as small as the config allows (in whole KiB). */
    static ChipConfig smallest(int rows, int cols, Dataflow df, int w) {
        ChipConfig g = ChipPresets.gemmini();
        long spRow = (long) Math.max(rows, cols) * (w <= 8 ? 1 : 2);
        long accRow = cols * 4L;
        int spKiB = (int) Math.max(1, (ChipConfig.MIN_SP_ROWS * spRow + 1023) / 1024);
        int accKiB = (int) Math.max(1, (ChipConfig.MIN_ACC_ROWS * accRow + 1023) / 1024);
        QuantConfig q = w >= 8 ? g.quant() : new QuantConfig(g.quant().scheme(), g.quant().rounding(), g.quant().requant(),
                g.quant().granularity(), g.quant().symmetric(), w, w, 32, 16, 1);
        return new ChipConfig("small-" + rows + "x" + cols + "-" + df.fileName() + "-w" + w, "",
                new ArrayConfig(rows, cols, df, w, Math.max(16, 2 * w), PeType.LINEAR), new SramConfig(spKiB, accKiB, 1, 1),
                g.hbm(), q, g.clock());
    }

    static Stream<ChipConfig> chips() {
        List<ChipConfig> out = new ArrayList<>();
        for (Dataflow df : Dataflow.values()) {
            for (int[] shape : new int[][] {{1, 1}, {1, 7}, {5, 1}, {4, 4}, {16, 16}, {3, 64}, {64, 2}, {128, 128}}) {
                out.add(smallest(shape[0], shape[1], df, 8));
            }
            out.add(smallest(6, 10, df, 16));
            out.add(smallest(7, 3, df, 4));
        }
        for (String preset : List.of("gemmini", "edge-cmsis", "vta", "nnie", "eyeriss")) {
            ChipConfig p = ChipPresets.get(preset);
            for (int acc : new int[] {1, 2}) {
                try {
                    out.add(new ChipConfig(preset + "-acc" + acc, "", p.array(), new SramConfig(p.sram().scratchpadKiB(), acc,
                            1, 16), p.hbm(), p.quant(), p.clock()));
                } catch (RuntimeException tooSmall) {
                    // the config refuses it: fewer than 16 accumulator rows on this array
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chips")
    void theWholeRegressionSetFits(ChipConfig chip) {
        Geometry g = Geometry.of(chip);
        List<NamedProgram> programs = RegressionPrograms.forChip(chip);
        assertEquals(RegressionPrograms.count(), programs.size());
        for (NamedProgram p : programs) {
            assertEquals(List.of(), ProgramChecks.problems(p.program(), g), p.name());
        }
        for (int i = 0; i < 3; i++) {
            ProgramProfile profile = ProgramProfile.of(new RandomProgramGenerator(chip, RandomProgramGenerator.seedOf(7, i))
                    .generate(60));
            assertTrue(profile.exercisesEveryUnit(), chip.name() + " random " + i + ": " + profile.summary());
        }
    }
}
