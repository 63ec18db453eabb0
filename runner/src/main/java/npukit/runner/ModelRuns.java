package npukit.runner;

import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.partition.MacCount;
import npukit.compiler.runtime.CompileProgress;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;

/**
 * Compiling a model for a chip and running it on the simulator, as {@code npu run}, {@code eval} and
 * {@code compile} do: the tiling search timed by the simulator, every sample run functionally, results
 * as records.
 */
public final class ModelRuns {

    private ModelRuns() {
    }

    /** The model compiled for {@code chip}, its tiling candidates timed on the simulator. */
    public static CompiledModel compile(ModelSource source, ChipConfig chip, CompileSettings settings) {
        return compile(source, chip, settings, CompileProgress.NONE);
    }

    /** As {@link #compile(ModelSource, ChipConfig, CompileSettings)}, telling {@code progress} each step. */
    public static CompiledModel compile(ModelSource source, ChipConfig chip, CompileSettings settings,
            CompileProgress progress) {
        return ModelCompiler.compile(source.graph(), chip, settings.options(source), new SimulatedTimer(chip),
                new PlanCache(), progress);
    }

    /**
     * Runs {@code samples} (at least one) through the compiled model, calling {@code afterEachSample} after
     * each, and compares every output with the float reference.
     */
    public static ModelRun run(ModelSource source, CompiledModel compiled, List<ModelSource.Sample> samples,
            Runnable afterEachSample) {
        if (samples.isEmpty()) {
            throw new InputException("no samples to run");
        }
        ModelRunner runner = new ModelRunner(compiled);
        Evaluation eval = new Evaluation(source.graph(), compiled.graph().outputs().get(0).name(), source.quality());
        RunResult first = null;
        for (ModelSource.Sample s : samples) {
            RunResult r = runner.run(s.inputs());
            if (first == null) {
                first = r;
            }
            eval.add(s, r);
            afterEachSample.run();
        }
        return new ModelRun(compiled, first, LayerRecords.of(compiled, first), eval.record(compiled.chip()), eval.quality(),
                MacCount.of(compiled.partition()));
    }
}
