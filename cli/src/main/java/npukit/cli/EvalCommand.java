package npukit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import npukit.arch.config.ChipConfig;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import npukit.compiler.runtime.ModelRunner;
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelSource source = model.load();
        List<ChipConfig> configs = ChipSource.resolveList(chips);
        List<ModelSource.Sample> samples = limit.apply(source.samples());
        out.println("model: " + source.description() + "; " + samples.size() + " samples, calibrated on the first "
                + Math.min(model.calibrate, source.samples().size()) + " (" + model.method + ")");
        Table t = new Table("chip", "scheme", "rounding", "top1", "top1_float", "agreement", "output_sqnr_db",
                "cycles_per_inference", "utilisation");
        Progress progress = new Progress(err, "evaluating", (long) samples.size() * configs.size());
        for (ChipConfig c : configs) {
            CompiledModel compiled = ModelCompiler.compile(source.graph(), c, model.compileOptions(source, 1));
            ModelRunner runner = new ModelRunner(compiled);
            Evaluation e = new Evaluation(source.graph(), compiled.graph().outputs().get(0).name());
            for (ModelSource.Sample s : samples) {
                e.add(s, runner.run(s.inputs()));
                progress.step();
            }
            t.add(c.name(), c.quant().scheme().fileName(), c.quant().rounding().cliName(),
                    e.labelled() == 0 ? "" : e.correct() + "/" + e.labelled(),
                    e.labelled() == 0 ? "" : e.floatCorrect() + "/" + e.labelled(),
                    e.agree() + "/" + e.samples(), String.format("%.1f", e.sqnrDb()), e.cyclesPerInference(),
                    String.format("%.3f", e.utilisation(c)));
        }
        progress.done();
        t.print(out, false);
        if (csv != null) {
            StringWriter text = new StringWriter();
            t.print(new PrintWriter(text), true);
            RtlCommand.writeAtomically(csv, text.toString());
            out.println("wrote " + csv);
        }
        out.flush();
        return 0;
    }
}
