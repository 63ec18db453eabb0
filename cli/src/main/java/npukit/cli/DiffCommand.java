package npukit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import npukit.arch.io.InputFiles;
import npukit.results.ResultsDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what changed between two results files of the same kind (npu sweep's RESULTS.csv or "
                + "RESULTS-layers.csv, npu run --csv): rows are matched by point and workload (and layer), every other "
                + "cell compared, numbers with their relative change; rows on one side only are listed.",
                "Exit code 1 when a --check column moved by more than --threshold (relative), or a row was lost; 0 "
                        + "otherwise: a regression check for changes to the simulator or the compiler."},
        footer = {"", "Examples:", "  npu diff before.csv after.csv",
                "  npu diff before.csv after.csv --check cycles --check hbm_read_bytes --threshold 0.01"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BEFORE.csv")
    Path before;

    @Parameters(index = "1", paramLabel = "AFTER.csv")
    Path after;

    @Option(names = "--check", paramLabel = "COLUMN", description = "A column whose change fails the check (repeatable).")
    List<String> check = List.of();

    @Option(names = "--threshold", paramLabel = "FRACTION", defaultValue = "0",
            description = "Largest relative change a checked column may make, e.g. 0.01 for 1% (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Override
    public Integer call() {
        if (!(threshold >= 0)) {
            throw new UserInputException("--threshold must be 0 or more, got " + threshold);
        }
        ResultsDiff.Result d;
        try {
            d = ResultsDiff.compare(text(before), before.toString(), text(after), after.toString());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        for (String c : check) {
            if (!columns(before).contains(c)) {
                throw new UserInputException("--check " + c + ": no such column in " + before);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (d.changes().isEmpty()) {
            out.println("no cell changed");
        } else {
            d.table().print(out, false);
        }
        d.onlyBefore().forEach(k -> out.println("only in " + before + ": " + k));
        d.onlyAfter().forEach(k -> out.println("only in " + after + ": " + k));
        boolean failed = !d.onlyBefore().isEmpty();
        for (String c : check) {
            double largest = d.largest(c);
            boolean beyond = largest > threshold;
            failed |= beyond;
            out.printf("%s: largest change %s, threshold %s: %s%n", c, Double.isInfinite(largest) ? "from 0 or not a number"
                    : String.format("%.3f%%", 100 * largest), threshold, beyond ? "FAILED" : "ok");
        }
        out.flush();
        return failed ? 1 : 0;
    }

    private static String text(Path file) {
        return InputFiles.readText(file, (f, problem) -> new UserInputException(f + ": " + problem));
    }

    private static List<String> columns(Path file) {
        String t = text(file);
        int nl = t.indexOf('\n');
        return List.of((nl < 0 ? t : t.substring(0, nl)).split(","));
    }
}
