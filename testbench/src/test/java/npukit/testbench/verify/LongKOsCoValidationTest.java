package npukit.testbench.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.InstructionFormat;
import npukit.isa.Program;
import npukit.isa.gen.LargeGemm;
import npukit.isa.gen.NamedProgram;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.isa.gen.RegressionPrograms;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Output-stationary GEMMs deeper than the array (microarchitecture.md, "Compute unit", OS): the
 * partial sums stay in the PEs for every k step, so one GEMM of depth k pays the fill and drain once.
 * On both OS suite chips (one with a 20-bit accumulator, which wraps over a long k), tiled GEMMs whose
 * k tiles are many array edges deep, the regression set and random programs must agree exactly with
 * the RTL: every counter, the whole HBM and each instruction's last cycle.
 */
class LongKOsCoValidationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cv-8x8-os-wide", "cv-6x10-os-narrow-acc"})
    void longKProgramsAgree(String name) {
        ChipConfig chip = SuiteChips.named().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        Geometry g = Geometry.of(chip);
        SuiteRunner runner = new SuiteRunner(chip);
        long d = g.d();
        // One GEMM per output tile, k up to 25 D deep (two slots of both operands must fit in sp); then
        // k cut into ragged tiles of 7 D accumulating in acc.
        long deep = Math.min(25 * d, g.spRows() / 5 / d * d);
        run(runner, g, LargeGemm.of(chip, 2 * g.rows() - 1, deep, 2 * g.cols() - 3, deep, 11), deep);
        run(runner, g, LargeGemm.of(chip, g.rows(), 30 * d + 5, g.cols(), 7 * d, 12), 7 * d);
        for (NamedProgram p : RegressionPrograms.forChip(chip)) {
            runner.run(p.name(), p.program());
        }
        for (int seed : List.of(3, 4)) {
            runner.run("random-" + seed + "-600", new RandomProgramGenerator(chip, seed).generate(600));
        }
        runner.assertAllPassed();
    }

    /** Runs a program whose deepest GEMM must be exactly the k it was written for, so none is vacuous. */
    private static void run(SuiteRunner runner, Geometry g, NamedProgram p, long deepest) {
        Program program = p.program();
        long k = program.instructions().stream().filter(i -> i instanceof Instruction.Gemm)
                .mapToLong(i -> ((Instruction.Gemm) i).k()).max().orElse(0);
        assertTrue(k == deepest && k > g.d() && k <= InstructionFormat.of(g).maxK(),
                p.name() + ": deepest GEMM k = " + k + ", written for " + deepest + " (D = " + g.d() + ")");
        runner.run(p.name(), program);
    }
}
