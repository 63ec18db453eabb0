package npukit.runner.regress;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import npukit.arch.io.UserException;

/**
 * Regression suites as {@code npu regress} reads them ({@link RegressSuiteReader#read(Path)}): a suite
 * with its chips and programs resolved, or a one-line {@link UserException}; any other exception, a
 * hang or running out of memory is a finding. The suite sits beside a folder holding one assembler
 * program, prog/, so that the seeds' {@code dir:} entries resolve. Seeds: RegressSuiteFuzzTestInputs/.
 */
class RegressSuiteFuzzTest {

    private static Path suite;

    @FuzzTest(maxDuration = "10s")
    void regressSuites(byte[] input) throws IOException {
        if (suite == null) {
            Path dir = Files.createTempDirectory("regress-fuzz");
            Files.createDirectories(dir.resolve("prog"));
            Files.writeString(dir.resolve("prog/tiny.s"), "FINISH\n");
            suite = dir.resolve("suite.yaml");
        }
        Files.write(suite, input);
        try {
            RegressSuiteReader.read(suite);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
