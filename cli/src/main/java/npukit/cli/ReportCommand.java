package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import npukit.arch.io.InputFiles;
import npukit.results.SweepCsv;
import npukit.results.SweepLayersCsv;
import npukit.results.SweepReport;
import npukit.runner.sweep.SweepResultsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a sweep's results as one self-contained HTML page (DIR/report.html): latency against array "
                + "size per workload, utilisation per layer, each workload's layers on the roofline of its fastest point, "
                + "SQNR and accuracy per chip and quantization mode when quant fields were swept, and every row. Plots are "
                + "PNG images inside the page. The per-layer rows come from RESULTS-layers.csv beside RESULTS.csv."},
        footer = {"", "Example:", "  npu sweep examples/sweeps/array-sizes.yaml -o sizes.csv",
                "  npu report sizes.csv -o sizes-report"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS.csv", description = "A results file of npu sweep.")
    Path results;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder of report.html (created if missing).")
    Path dir;

    @Mixin
    Force force;

    @Override
    public Integer call() throws IOException {
        SweepCsv.Parsed rows = parse(() -> SweepCsv.read(text(results), results.toString()));
        Path layersFile = SweepResultsFile.layersFile(results);
        List<SweepLayersCsv.Row> layers = Files.isRegularFile(layersFile)
                ? parse(() -> SweepLayersCsv.read(text(layersFile), layersFile.toString())) : List.of();
        String html = SweepReport.html("Sweep " + results.getFileName(), rows, layers);
        Files.createDirectories(dir);
        Path page = dir.resolve("report.html");
        force.target(page, results, layersFile).writeString(html);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + page + " (" + SweepReport.plots(html) + " plots, " + rows.rows().size() + " rows)");
        out.flush();
        return 0;
    }

    private static String text(Path file) {
        return InputFiles.readText(file, (f, problem) -> new UserInputException(f + ": " + problem));
    }

    private static <T> T parse(Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }
}
