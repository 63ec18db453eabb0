package npukit.runner.regress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.results.JUnitReport;
import npukit.runner.sweep.SweepPoint;
import npukit.runner.sweep.SweepSpec;

/**
 * A regression suite (docs/regress.md): every program case on every chip. Built by
 * {@link RegressSuiteReader}, which checks everything before anything runs.
 *
 * @param file  the suite file, named in every error
 * @param chips the chips, in order, with different names
 * @param cases the programs, in order, with different names
 */
public record RegressSuite(Path file, List<ChipConfig> chips, List<RegressCase> cases) {

    public RegressSuite {
        chips = List.copyOf(chips);
        cases = List.copyOf(cases);
        if (chips.isEmpty() || cases.isEmpty()) {
            throw new IllegalArgumentException(file + ": a suite needs at least one chip and one program");
        }
    }

    /**
     * The suite as a sweep whose points are the chips and whose workloads are the cases, so that its
     * results file is a sweep's: written row by row, resumable, and drawn by the sweep report.
     */
    public SweepSpec asSweep() {
        List<SweepPoint> points = new ArrayList<>();
        for (ChipConfig chip : chips) {
            points.add(new SweepPoint(points.size(), java.util.Map.of(), chip));
        }
        return new SweepSpec(file, chips.get(0), JUnitReport.FIELDS, points, List.<npukit.runner.sweep.Workload>copyOf(cases));
    }
}
