package npukit.runner.regress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import npukit.arch.config.ChipConfig;
import npukit.isa.Program;
import npukit.results.JUnitReport;
import npukit.results.SweepRow;
import npukit.results.WorkloadMetrics;
import npukit.runner.sweep.PointOutcome;
import npukit.runner.sweep.SweepJobs;
import npukit.runner.sweep.Workload;
import npukit.sim.Counters;
import npukit.sim.EnergyModel;
import npukit.sim.Simulator;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.verify.ChipVerification;

/**
 * One program of a regression suite, run on every chip of it: written for the chip (the regression set
 * and random programs adapt to it; a file is read for it) and co-validated there.
 *
 * @param name  the program's name, the same on every chip (the JUnit test case, the CSV's workload)
 * @param set   the program set it comes from: regression, random, or the folder's name
 * @param seed  the seed of a random program, else empty
 * @param write how to write or read the program for a chip; may fail for a chip it does not fit
 */
public record RegressCase(String name, String set, Optional<Long> seed, Function<ChipConfig, Program> write)
        implements Workload {

    public RegressCase {
        Objects.requireNonNull(name, "name is required");
        Objects.requireNonNull(set, "set is required");
        Objects.requireNonNull(seed, "seed is required");
        Objects.requireNonNull(write, "write is required");
    }

    /** The case on the chip of {@code chip}: verified there, filed as a results row of {@code point}. */
    public SweepRow run(int point, ChipVerification chip) {
        ChipConfig config = chip.chip();
        ChipVerification.Outcome o = chip.run(new ChipVerification.Case(name, () -> write.apply(config)));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("set", set);
        fields.put("seed", seed.map(String::valueOf).orElse(""));
        fields.put("seconds", String.format(Locale.ROOT, "%.3f", o.seconds()));
        Optional<WorkloadMetrics> metrics = o.verdict() == ChipVerification.Verdict.PASSED
                ? Optional.of(metrics(config, o.program())) : Optional.empty();
        Optional<String> failure = metrics.isPresent() ? Optional.empty() : Optional.of(SweepJobs.oneLine(prefix(o.verdict())
                + o.reason()));
        return new SweepRow(point, name, SweepJobs.summary(config), fields, metrics, failure);
    }

    /** Co-validated on {@code chip} alone (its RTL from the default cache): a sweep can run a regression case too. */
    @Override
    public PointOutcome evaluate(ChipConfig chip) {
        SweepRow row = run(0, new ChipVerification(chip, VerilatorBuild.atDefaultCache()));
        return new PointOutcome(row.metrics().orElseThrow(() -> new IllegalStateException(row.failure().orElseThrow())),
                List.of());
    }

    /**
     * What a passing program cost on the chip. The simulator runs it again in timing-only mode (whose
     * counters co-validation has just shown equal to the RTL's), which costs little next to the RTL.
     */
    private static WorkloadMetrics metrics(ChipConfig chip, Program program) {
        Counters c = new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(program).counters();
        return new WorkloadMetrics(c.cycles(), c.macs(), c.hbmReadBytes(), c.hbmWriteBytes(), 1, Optional.empty(),
                new EnergyModel(chip).of(c));
    }

    private static String prefix(ChipVerification.Verdict v) {
        return switch (v) {
            case FAILED -> JUnitReport.FAILED;
            case SKIPPED -> JUnitReport.SKIPPED;
            case ERROR, PASSED -> JUnitReport.ERROR;
        };
    }
}
