package npukit.testbench.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.isa.Program;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;

/**
 * Runs a chip's programs through co-validation and fails with every differing report's table. The
 * chip's full config and one line per run go to the test log, so a CI log shows what ran, on what,
 * and how long it took in cycles.
 */
final class SuiteRunner {

    private final CoValidation cv;
    private final List<String> failures = new ArrayList<>();

    SuiteRunner(ChipConfig chip) {
        this.cv = new CoValidation(new NpuRtl(VerilatorBuild.atDefaultCache(), chip));
        System.out.println("chip " + chip.name() + ": " + ChipConfigIO.canonicalJson(chip));
    }

    VerifyReport run(String name, Program program) {
        VerifyReport r = cv.run(name, program);
        System.out.printf("%-24s %-22s %5d instructions %8d cycles  %s%n", cv.chip().name(), name,
                program.instructions().size(), r.counters().get(0).expected(), r.passed() ? "passed" : "FAILED");
        if (!r.passed()) {
            failures.add(r.table());
        }
        return r;
    }

    void assertAllPassed() {
        assertTrue(failures.isEmpty(), () -> failures.size() + " program(s) differ on " + cv.chip().name() + ":\n"
                + String.join("\n", failures));
    }
}
