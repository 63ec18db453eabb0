package npukit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.compiler.quant.CalibrationMethod;
import npukit.runner.CompileSettings;
import npukit.runner.ModelSource;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model, data and calibration options that compile, run and eval share. */
final class ModelOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "An ONNX model (.onnx) or a SCALE-Sim topology (.csv). Default: the bundled MNIST CNN "
                    + "with its 62 test digits.")
    Path model;

    @Option(names = {"--data", "--input"}, paramLabel = "FILE",
            description = "Input data: libsvm (one labelled sample per line) or one TensorProto (.pb). "
                    + "Default: the bundled digits for the bundled model, seeded synthetic inputs for a topology.")
    Path data;

    @Option(names = "--calibration-method", paramLabel = "METHOD", defaultValue = "minmax",
            description = "How activation ranges are calibrated: minmax, moving-average, percentile or entropy "
                    + "(default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--calibrate", paramLabel = "N", defaultValue = "8",
            description = "Calibrate on the first N samples of the data (default: ${DEFAULT-VALUE}).")
    int calibrate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of synthetic weights and inputs (default: ${DEFAULT-VALUE}).")
    long seed;

    ModelSource load() {
        settings();
        return ModelSource.resolve(model, data, seed);
    }

    CompileSettings settings() {
        CalibrationMethod m;
        try {
            m = CalibrationMethod.parse(method);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--calibration-method: " + e.getMessage(), e);
        }
        return new CompileSettings(calibrate, m);
    }

    /** The files this command reads (model, data, chip files), which no output may replace. */
    List<Path> inputs(String... chips) {
        List<Path> files = new ArrayList<>();
        if (model != null) {
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

    static String describe(ChipConfig chip) {
        var q = chip.quant();
        return chip.name() + " (" + chip.array().shape() + " " + chip.array().dataflow().fileName() + ", "
                + q.scheme().fileName() + " " + q.weightBits() + "-bit weights, "
                + q.rounding().cliName() + " rounding)";
    }
}
