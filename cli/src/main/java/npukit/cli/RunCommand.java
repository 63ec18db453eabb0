package npukit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Roofline;
import npukit.arch.io.OutputFile;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.runtime.CompiledModel;
import npukit.results.EnergyReports;
import npukit.results.LayerCsv;
import npukit.results.RooflineSvg;
import npukit.results.TextReports;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import npukit.runner.TensorProtoFile;
import npukit.runner.TensorSummary;
import npukit.runner.TimingRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Compile a model for a chip and run it on the cycle-accurate simulator: NPU layers as programs, "
                + "the rest on the host. Prints the first sample's outputs and per-layer counters and, over all samples, "
                + "top-1 accuracy (labelled data), agreement with the float model, cycles, utilisation and HBM traffic, and "
                + "energy per layer and per inference by component, average power and TOPS/W (docs/energy.md).",
                "Without MODEL: the bundled MNIST CNN on its 62 test digits.",
                "A SCALE-Sim topology (.csv) is timed from its layer shapes alone: compiled without data and simulated "
                        + "timing-only (the same counters), no host work, calibration or reference check; per-layer "
                        + "counters, each layer's fraction of its ideal bound and their geometric mean. --functional "
                        + "runs it with seeded synthetic weights and inputs like any model."},
        footer = {"", "Examples:", "  npu run", "  npu run --chip edge-cmsis --csv layers.csv --plot roofline.svg",
                "  npu run model.onnx --chip vta --input digit.pb",
                "  npu run workloads/scalesim/conv_nets/mobilenet.csv --chip tpu-v1",
                "  npu run workloads/scalesim/conv_nets/Resnet18.csv --batch 4",
                "  npu run --scalesim-reports build/scalesim"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--chip", defaultValue = "gemmini", description = "A preset name or config file (default: ${DEFAULT-VALUE}).")
    String chip;

    @Mixin
    SampleLimit limit;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Also write the per-layer report of the first sample as CSV (sizes, MACs, roofline, predicted "
                    + "and simulated cycles, utilisation, HBM traffic).")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "Also draw the layers on the chip's roofline (SVG).")
    Path plot;

    @Option(names = "--output", paramLabel = "FILE.pb",
            description = "Also write the first sample's whole output tensor as an ONNX TensorProto (the format --input "
                    + "reads); a model with several outputs gets one file each, FILE-NAME.pb.")
    Path output;

    @Option(names = "--functional",
            description = "For a topology: compile with synthetic data and run functionally, with calibration and the "
                    + "reference check, instead of timing its shapes only.")
    boolean functional;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1",
            description = "For a topology timed from its shapes: run B inputs through each layer together, stacked "
                    + "into one GEMM, so a weight tile on chip serves all of them (1 to " + TimingRuns.MAX_BATCH + "; default 1). Reports the batch's "
                    + "latency and, per inference, throughput, HBM traffic and energy (docs/energy.md).")
    long batch;

    @Mixin
    ScaleSimReportsOption scaleSimReports;

    @Mixin
    Force force;

    /** Options that need data values, which a timing-only run has none of. */
    private static final List<String> DATA_OPTIONS = List.of("--data", "--output", "--limit", "--seed", "--calibrate",
            "--calibration-method");

    @Override
    public Integer call() {
        TimingRuns.checkBatch("--batch", batch);
        if (ModelSource.isTopology(model.model) && !functional) {
            return timingOnly();
        }
        if (batch != 1) {
            throw new UserInputException("--batch = " + batch + ": batches run on a topology timed from its shapes "
                    + "(npu run TOPOLOGY.csv --batch B); a functional run takes its samples one at a time");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelSource source = model.load();
        ChipConfig config = ChipSource.resolve(chip).config();
        List<ModelSource.Sample> samples = limit.apply(source.samples());
        scaleSimReports.check(force, model.inputs(chip));
        out.println("model: " + source.description());
        out.println("chip:  " + ModelOptions.describe(config));
        err.println("compiling (calibrating on " + source.calibrationText(model.calibrate) + ", " + model.method
                + ") ...");
        err.flush();
        CompiledModel compiled = Heartbeat.compiling(err,
                progress -> ModelRuns.compile(source, config, model.settings(), progress));
        Progress progress = new Progress(err, "simulating", samples.size());
        ModelRun run = ModelRuns.run(source, compiled, samples, progress::step);
        progress.done();
        for (var e : run.first().outputs().entrySet()) {
            out.println("output %" + e.getKey() + " of the first sample: " + TensorSummary.of(e.getValue()).text());
        }
        out.println();
        out.println("per layer, first sample:");
        TextReports.layers(run.layers()).print(out, false);
        out.println();
        out.print(TextReports.summary(run.evaluation()));
        run.quality().ifPresent(q -> out.println(ModelOptions.quality(q)));
        out.println(ModelOptions.macs(run.macs(), config));
        out.print(TextReports.boundSummary(run.layers()));
        out.println();
        out.println("energy per layer, first sample (docs/energy.md):");
        EnergyReports.layers(run.layers(), config.clock().frequencyMhz()).print(out, false);
        out.print(EnergyReports.summary(run.evaluation()));
        List<Path> inputs = model.inputs(chip);
        if (csv != null) {
            force.target(csv).notOver(inputs).writeString(LayerCsv.write(run.layers()));
            out.println("wrote " + csv);
        }
        if (plot != null) {
            force.target(plot).notOver(inputs).writeString(RooflineSvg.render(source.graph().name() + " on "
                    + config.name(), Roofline.of(config), run.layers()));
            out.println("wrote " + plot);
        }
        scaleSimReports.write(run.first().layers(), force, inputs, out);
        if (output != null) {
            Map<String, Tensor> outputs = run.first().outputs();
            for (Value v : compiled.graph().outputs()) {
                Path file = outputs.size() == 1 ? output : perOutput(output, v.name());
                force.target(file).notOver(inputs).writeBytes(TensorProtoFile.bytes(v.name(), outputs.get(v.name())));
                out.println("wrote " + file);
            }
        }
        out.flush();
        return 0;
    }

    /** The performance path: the topology's shapes compiled and timed, no data anywhere. */
    private Integer timingOnly() {
        for (String option : DATA_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UserInputException(option + ": " + model.model + " is a topology, timed from its layer shapes "
                        + "without data; " + option + " needs data values: give --functional to run it with synthetic data");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Graph graph = ModelSource.topologyShapes(model.model, (int) batch);
        ChipConfig config = ChipSource.resolve(chip).config();
        List<Path> inputs = model.inputs(chip);
        OutputFile csvTarget = csv == null ? null : force.target(csv).notOver(inputs);
        OutputFile plotTarget = plot == null ? null : force.target(plot).notOver(inputs);
        scaleSimReports.check(force, inputs);
        out.println("model: SCALE-Sim topology " + model.model + " (layer shapes only: timing-only run, no data"
                + (batch == 1 ? ")" : "; a batch of " + batch + " inputs per layer, stacked into one GEMM)"));
        out.println("chip:  " + ModelOptions.describe(config));
        err.println("compiling from shapes and simulating timing-only ...");
        err.flush();
        TimingRuns.TimingRun run = Heartbeat.compiling(err,
                progress -> TimingRuns.run(graph, (int) batch, config, new PlanCache(), progress,
                        Runtime.getRuntime().availableProcessors()));
        out.println();
        out.println("per layer:");
        TextReports.layers(run.layers()).print(out, false);
        out.println();
        out.print(TextReports.timingSummary(run.metrics(), config.array().peCount(), config.clock().frequencyMhz()));
        out.print(TextReports.boundSummary(run.layers()));
        out.println();
        out.printf(Locale.ROOT, "HBM weight elements loaded: %,.1f per inference (%,d for the batch of %d)%n",
                (double) run.weightElementsLoaded() / batch, run.weightElementsLoaded(), batch);
        out.println();
        out.println("energy per layer" + (batch == 1 ? "" : ", whole batch") + " (docs/energy.md):");
        EnergyReports.layers(run.layers(), config.clock().frequencyMhz()).print(out, false);
        out.print(EnergyReports.summary(run.metrics(), config.clock().frequencyMhz()));
        if (csvTarget != null) {
            csvTarget.writeString(LayerCsv.write(run.layers()));
            out.println("wrote " + csv);
        }
        if (plotTarget != null) {
            plotTarget.writeString(RooflineSvg.render(graph.name() + " on " + config.name(), Roofline.of(config),
                    run.layers()));
            out.println("wrote " + plot);
        }
        scaleSimReports.write(run.runs(), force, inputs, out);
        out.flush();
        return 0;
    }

    /** {@code out.pb} and output {@code logits}: {@code out-logits.pb}. */
    static Path perOutput(Path file, String outputName) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(stem + "-" + outputName.replaceAll("[^A-Za-z0-9_.-]", "_") + ext);
    }
}
