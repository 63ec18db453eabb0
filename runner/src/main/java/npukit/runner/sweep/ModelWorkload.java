package npukit.runner.sweep;

import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.results.WorkloadMetrics;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;

/**
 * A model (ONNX, the bundled MNIST CNN, or a SCALE-Sim topology with seeded synthetic weights) compiled
 * for the point's chip and run on the simulator over its first {@code samples} samples, as
 * {@code npu run} does.
 *
 * @param name     the workload's name
 * @param source   the model and its data, loaded once for every point
 * @param settings calibration
 * @param samples  samples run per point, 1 or more
 */
public record ModelWorkload(String name, ModelSource source, CompileSettings settings, int samples) implements Workload {

    public ModelWorkload {
        if (samples < 1 || samples > source.samples().size()) {
            throw new IllegalArgumentException("workload " + name + ": samples = " + samples + ", the data has "
                    + source.samples().size());
        }
    }

    @Override
    public PointOutcome evaluate(ChipConfig chip) {
        List<ModelSource.Sample> run = source.samples().subList(0, samples);
        ModelRun r = ModelRuns.run(source, ModelRuns.compile(source, chip, settings), run, () -> { });
        return new PointOutcome(WorkloadMetrics.of(r.evaluation(), r.compiled().segments().size()), r.layers());
    }
}
