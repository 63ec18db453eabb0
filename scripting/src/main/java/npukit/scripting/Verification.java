package npukit.scripting;

import java.util.List;
import java.util.Optional;
import npukit.testbench.verify.VerifyReport;

/**
 * What {@code npu.verify} found on one chip: each program compared between the simulator and the RTL
 * under Verilator, as {@code npu verify} does.
 *
 * @param chip     the chip's name
 * @param hash     its config hash
 * @param programs each program's outcome, in the order run
 */
public record Verification(String chip, String hash, List<Outcome> programs) {

    public Verification {
        programs = List.copyOf(programs);
    }

    /**
     * One program.
     *
     * @param program its name ({@code random-SEED-I} or the regression program's)
     * @param report  the comparison, when the program ran on both
     * @param reason  why it did not (could not be written for the chip, the RTL did not build or hung)
     */
    public record Outcome(String program, Optional<VerifyReport> report, Optional<String> reason) {

        /** It ran on both and every counter, the final HBM and every instruction's last cycle agreed. */
        public boolean passed() {
            return report.isPresent() && report.get().passed();
        }

        /** The report's table, or the line saying why there is none. */
        @Override
        public String toString() {
            return report.map(VerifyReport::table).orElseGet(() -> "co-validation of " + program + ": FAILED ("
                    + reason.orElse("") + ")");
        }
    }

    public int passed() {
        return (int) programs.stream().filter(Outcome::passed).count();
    }

    public int failed() {
        return programs.size() - passed();
    }

    /** Whether every program passed. */
    public boolean ok() {
        return failed() == 0;
    }
}
