package npukit.testbench.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.isa.gen.NamedProgram;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.isa.gen.RegressionPrograms;
import npukit.isa.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RTL regression suite (C3): on every suite chip, every regression program and two random
 * programs; on chips drawn from seeds, every regression program and random programs of four sizes. Every counter, the whole HBM
 * and every instruction's last cycle must equal the simulator's; any difference fails with the report.
 *
 * <p>Sizes are chosen for a CI machine with two cores: a Verilator build per chip dominates (seconds
 * for 4x4, under a minute for 16x16, cached across runs by the Verilog's hash), while each program
 * runs in milliseconds to a few seconds, so random programs go up to 2500 instructions.
 */
class CoValidationSuiteTest {

    static Stream<String> namedChips() {
        return SuiteChips.named().stream().map(ChipConfig::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedChips")
    void regressionAndRandomProgramsAgree(String name) {
        ChipConfig chip = SuiteChips.named().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        SuiteRunner runner = new SuiteRunner(chip);
        for (NamedProgram p : RegressionPrograms.forChip(chip)) {
            runner.run(p.name(), p.program());
        }
        for (int seed : List.of(1, 2)) {
            runner.run("random-" + seed + "-400", new RandomProgramGenerator(chip, seed).generate(400));
        }
        runner.assertAllPassed();
    }

    /**
     * Programs of any length: 50,000 instructions, fetched from HBM through 8-byte bursts into a buffer
     * of four instructions, exact on both (about three million cycles, seconds on the RTL).
     */
    @Test
    void aFiftyThousandInstructionProgramAgrees() {
        ChipConfig chip = SuiteChips.named().stream().filter(c -> c.name().equals("cv-4x4-ws-narrow")).findFirst()
                .orElseThrow();
        Program program = new RandomProgramGenerator(chip, 50_000).generate(50_000);
        assertEquals(50_000, program.instructions().size());
        SuiteRunner runner = new SuiteRunner(chip);
        VerifyReport report = runner.run("random-50000", program);
        runner.assertAllPassed();
        assertEquals(50_000L * 16, report.counters().stream().filter(r -> r.name().equals("fetch_bytes")).findFirst()
                .orElseThrow().actual());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0xC0FFEEL, 0xBADC0DEL, 0x5EED5L})
    void regressionAndRandomProgramsAgreeOnRandomChips(long seed) {
        ChipConfig chip = SuiteChips.random(seed);
        SuiteRunner runner = new SuiteRunner(chip);
        for (NamedProgram p : RegressionPrograms.forChip(chip)) {
            runner.run(p.name(), p.program());
        }
        for (int size : List.of(60, 300, 1000, 2500)) {
            runner.run("random-" + size, new RandomProgramGenerator(chip, seed + size).generate(size));
        }
        runner.assertAllPassed();
    }
}
