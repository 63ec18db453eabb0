package npukit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;
import npukit.arch.io.UserException;
import npukit.arch.numerics.ErrorMetrics;
import npukit.arch.numerics.QuantizedTensor;
import npukit.arch.numerics.Rounder;
import npukit.arch.numerics.RoundingMode;
import npukit.arch.numerics.TensorQuantizers;
import npukit.results.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "quant", mixinStandardHelpOptions = true,
        description = "The numerics library: rounding shifts, and quantizing real tensors as each chip does.",
        subcommands = {QuantCommand.Shift.class, QuantCommand.Compare.class})
final class QuantCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "shift", mixinStandardHelpOptions = true,
            description = "Shift each integer VALUE right by N bits under a rounding mode, one result per line.",
            footer = {"", "Modes: " + "half-even, half-away, half-up, half-down, half-zero, floor, ceil, trunc, stochastic",
                    "", "Example:", "  npu quant shift --mode half-away --by 1 -5 -3 -1 1 3 5"})
    static final class Shift implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--mode", required = true, description = "The rounding mode.")
        String mode;

        @Option(names = "--by", required = true, description = "The shift in bits, 0..62.")
        int bits;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the stochastic mode (default: ${DEFAULT-VALUE}).")
        long seed;

        @Parameters(paramLabel = "VALUE", arity = "1..*", description = "Integers to shift.")
        List<Long> values;

        @Override
        public void run() {
            if (bits < 0 || bits > 62) {
                throw new UserInputException("--by " + bits + ": the shift must be between 0 and 62");
            }
            Rounder rounder;
            try {
                rounder = RoundingMode.parse(mode).rounder(seed);
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--mode " + UserException.excerpt(mode) + ": " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            for (long v : values) {
                out.println(rounder.shiftRight(v, bits));
            }
            out.flush();
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Quantize a tensor of real numbers as each chip would (its scheme, width, granularity and "
                    + "rounding mode) and print the error against the original: MSE, SQNR in dB, max absolute error.",
                    "Without FILE, the largest weight tensor of the trained MNIST CNN shipped in Tribuo's test jar is used."},
            footer = {"", "Examples:", "  npu quant compare --chips all",
                    "  npu quant compare --chips gemmini,nnie,vta weights.csv --column w",
                    "  npu quant compare --chips all model.onnx --tensor conv1.weight --csv > errors.csv"})
    static final class Compare implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--chips", required = true, description = "Presets or config files, comma-separated; 'all' for every preset.")
        String chips;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "A .csv file (one column of numbers) or an .onnx model.")
        Path file;

        @Option(names = "--column", description = "CSV column, by header name or 1-based number (default: 1).")
        String column;

        @Option(names = "--tensor", description = "ONNX float initializer to use (default: the largest).")
        String tensor;

        @Option(names = "--csv", description = "Write CSV instead of an aligned table.")
        boolean csv;

        @Override
        public void run() {
            List<ChipConfig> configs = ChipSource.resolveList(chips);
            TensorInput input = file == null ? TensorInput.defaultTensor() : TensorInput.read(file, column, tensor);
            PrintWriter out = spec.commandLine().getOut();
            if (!csv) {
                out.println("tensor: " + input.source() + ", " + input.values().length + " values");
                out.println();
            }
            Table t = new Table("chip", "scheme", "rounding", "bits", "granularity", "mse", "sqnr_db", "max_abs_error");
            for (ChipConfig chip : configs) {
                QuantConfig q = chip.quant();
                int channels = q.granularity() == Granularity.PER_CHANNEL ? input.firstAxis() : 1;
                QuantizedTensor quantized = TensorQuantizers.forConfig(q, channels).quantize(input.values());
                ErrorMetrics e = ErrorMetrics.of(input.values(), quantized.dequantize());
                t.add(chip.name(), q.scheme().fileName(), q.rounding().cliName(), q.weightBits(),
                        channels == 1 ? "per-tensor" : "per-channel(" + channels + ")",
                        String.format("%.4e", e.mse()), String.format("%.2f", e.sqnrDb()),
                        String.format("%.4e", e.maxAbsError()));
            }
            t.print(out, csv);
        }
    }
}
