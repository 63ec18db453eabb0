package npukit.runner.sweep;

import java.nio.file.Path;
import java.util.List;
import npukit.arch.config.ChipConfig;

/**
 * A design space to run: the chips (a base chip and the points that change its fields) and the
 * workloads run at every point. Built by {@link SweepSpecReader}, which checks everything before
 * anything runs.
 *
 * @param file      the spec file, named in every error
 * @param base      the chip every point starts from
 * @param fields    the swept fields, by path, in the spec's order (the results' columns)
 * @param points    the points, in order
 * @param workloads what runs at every point, in order
 */
public record SweepSpec(Path file, ChipConfig base, List<String> fields, List<SweepPoint> points, List<Workload> workloads) {

    public SweepSpec {
        fields = List.copyOf(fields);
        points = List.copyOf(points);
        workloads = List.copyOf(workloads);
        if (points.isEmpty() || workloads.isEmpty()) {
            throw new IllegalArgumentException(file + ": a sweep needs at least one point and one workload");
        }
    }

    /** Points times workloads: the rows a finished sweep has. */
    public int jobs() {
        return points.size() * workloads.size();
    }

    /** Job {@code i}: point {@code i / workloads}, workload {@code i % workloads}. */
    public SweepPoint point(int job) {
        return points.get(job / workloads.size());
    }

    public Workload workload(int job) {
        return workloads.get(job % workloads.size());
    }
}
