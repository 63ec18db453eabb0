package npukit.testbench.verify;

import java.util.Objects;
import java.util.function.Supplier;
import npukit.arch.config.ChipConfig;
import npukit.arch.io.UserException;
import npukit.isa.Program;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;

/**
 * Co-validation of one chip's programs, one at a time: the chip's RTL is built once (or taken from
 * the Verilator cache), then each program is written for the chip and run on the simulator and the
 * RTL. Each program ends in one {@link Outcome}, whatever goes wrong, so a caller always goes on to the
 * next: `npu verify` prints them, `npu regress` files them. Programs run in turn: one chip's runs are
 * not made concurrent, since the Verilator model is not known to be safe to drive from two threads.
 */
public final class ChipVerification {

    /** One program to verify: its name, and how to write or read it for the chip, which may fail on its own. */
    public record Case(String name, Supplier<Program> program) {
        public Case {
            Objects.requireNonNull(name, "name is required");
            Objects.requireNonNull(program, "program is required");
        }
    }

    /** How a program ended. */
    public enum Verdict {
        /** simulator and RTL agree on everything */
        PASSED,
        /** both ran and differ: the report says where */
        FAILED,
        /** the program cannot be written or read for this chip, so nothing ran */
        SKIPPED,
        /** the RTL could not be built, or a run did not finish */
        ERROR
    }

    /**
     * A program's outcome.
     *
     * @param chip    the chip
     * @param name    the program's name
     * @param verdict how it ended
     * @param program the program, when it could be written
     * @param report  the comparison, when both sides ran
     * @param reason  one line: the first difference, or why it was skipped or did not run; empty when passed
     * @param seconds wall time spent on it, building the RTL included for the first program of a chip
     */
    public record Outcome(ChipConfig chip, String name, Verdict verdict, Program program, VerifyReport report,
                          String reason, double seconds) {
        public Outcome {
            Objects.requireNonNull(chip, "chip is required");
            Objects.requireNonNull(verdict, "verdict is required");
            Objects.requireNonNull(reason, "reason is required");
            if ((report != null) != (verdict == Verdict.PASSED || verdict == Verdict.FAILED)) {
                throw new IllegalArgumentException(name + ": a report comes with PASSED or FAILED, and only then");
            }
        }
    }

    private final ChipConfig chip;
    private final VerilatorBuild build;
    /** Built on the first program, so that a chip whose RTL cannot be built fails each program with the reason. */
    private CoValidation covalidation;
    private String buildProblem;

    public ChipVerification(ChipConfig chip, VerilatorBuild build) {
        this.chip = Objects.requireNonNull(chip, "chip is required");
        this.build = Objects.requireNonNull(build, "Verilator build is required");
    }

    public ChipConfig chip() {
        return chip;
    }

    /** Whether the RTL is built (or has failed to build): after that the first run costs no build. */
    public synchronized boolean built() {
        return covalidation != null || buildProblem != null;
    }

    /** Writes the program for the chip and runs it both ways; never throws for a program's own failure. */
    public synchronized Outcome run(Case c) {
        long start = System.nanoTime();
        if (!built()) {
            try {
                covalidation = new CoValidation(new NpuRtl(build, chip));
            } catch (RuntimeException e) {
                buildProblem = "the RTL could not be built: " + reason(e);
            }
        }
        if (buildProblem != null) {
            return outcome(c, Verdict.ERROR, null, null, buildProblem, start);
        }
        Program program;
        try {
            program = c.program().get();
        } catch (RuntimeException e) {
            return outcome(c, Verdict.SKIPPED, null, null, "cannot be written for this chip: " + reason(e), start);
        }
        VerifyReport report;
        try {
            report = covalidation.run(c.name(), program);
        } catch (RuntimeException e) {
            return outcome(c, Verdict.ERROR, program, null, "did not run: " + reason(e), start);
        }
        return report.passed() ? outcome(c, Verdict.PASSED, program, report, "", start)
                : outcome(c, Verdict.FAILED, program, report, report.firstDifference(), start);
    }

    private Outcome outcome(Case c, Verdict v, Program p, VerifyReport r, String reason, long start) {
        return new Outcome(chip, c.name(), v, p, r, reason, (System.nanoTime() - start) / 1e9);
    }

    /** A program file's name without its extension, lower-cased, other characters as '-': 01-Conv_0.npub is 01-conv-0. */
    public static String programName(java.nio.file.Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        name = (dot > 0 ? name.substring(0, dot) : name).toLowerCase(java.util.Locale.ROOT);
        String slug = name.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "program" : slug;
    }

    /** A user error's message as it is; anything else as a bug, with its type. One line. */
    static String reason(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return e instanceof UserException ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
