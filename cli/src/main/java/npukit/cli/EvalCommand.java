package npukit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import npukit.arch.config.ChipConfig;
import npukit.results.EvaluationRecord;
import npukit.results.Table;
import npukit.results.TextReports;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.QualityMetric;
import npukit.runner.ModelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Run a labelled data set through each chip's quantized pipeline on the simulator and compare "
                + "the chips side by side with the float reference: top-1 accuracy, arg-max agreement with float, "
                + "SQNR of the model output against float, NPU cycles and utilisation per inference.",
                "Without MODEL: the bundled MNIST CNN on its 62 test digits."},
        footer = {"", "Examples:", "  npu eval --chips gemmini,edge-cmsis,vta,nnie",
                "  npu eval --chips all --calibration-method entropy --csv chips.csv",
                "  npu eval model.onnx --chips gemmini --data test.libsvm"})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--chips", defaultValue = "gemmini,edge-cmsis,vta,nnie",
            description = "Chips separated by commas, or 'all' (default: ${DEFAULT-VALUE}).")
    String chips;

    @Mixin
    SampleLimit limit;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the table as CSV.")
    Path csv;

    @Mixin
    Force force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelSource source = model.load();
        CompileSettings settings = model.settings();
        List<ChipConfig> configs = ChipSource.resolveList(chips);
        List<ModelSource.Sample> samples = limit.apply(source.samples());
        out.println("model: " + source.description() + "; " + samples.size() + " samples, calibrated on "
                + source.calibrationText(model.calibrate) + " (" + model.method + ")");
        List<EvaluationRecord> rows = new ArrayList<>();
        Table split = new Table("chip", "quality_metric", "quality", "npu_macs", "host_macs", "npu_share");
        Progress progress = new Progress(err, "evaluating", (long) samples.size() * configs.size());
        for (ChipConfig c : configs) {
            ModelRun run = ModelRuns.run(source, ModelRuns.compile(source, c, settings), samples, progress::step);
            rows.add(run.evaluation());
            split.add(c.name(), run.quality().map(QualityMetric.Score::metric).orElse(""),
                    run.quality().map(q -> String.format(Locale.ROOT, "%.4f", q.mean())).orElse(""), run.macs().npu(),
                    run.macs().host(), String.format(Locale.ROOT, "%.3f", run.macs().npuShare()));
        }
        progress.done();
        Table t = TextReports.evaluations(rows);
        t.print(out, false);
        out.println();
        out.println("the model's own quality against float, and MACs per inference on the NPU and the host:");
        split.print(out, false);
        if (csv != null) {
            force.target(csv).notOver(model.inputs(chips.split(","))).writeString(t.csv());
            out.println("wrote " + csv);
        }
        out.flush();
        return 0;
    }
}
