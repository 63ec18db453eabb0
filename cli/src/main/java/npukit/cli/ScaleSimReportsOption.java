package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import npukit.arch.io.OutputFile;
import npukit.arch.io.UserException;
import npukit.results.scalesim.ScaleSimReports;
import npukit.runner.LayerRun;
import picocli.CommandLine.Option;

/** {@code --scalesim-reports DIR}: SCALE-Sim's three report files of the first sample's NPU layers. */
final class ScaleSimReportsOption {

    @Option(names = "--scalesim-reports", paramLabel = "DIR",
            description = "Also write SCALE-Sim's COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv"
                    + " (its column names, our counters; docs/scalesim-reports.md) for the first sample's NPU layers"
                    + " into DIR, made if absent.")
    Path dir;

    /** Refuses before the run what the write after it would refuse. */
    void check(Force force, List<Path> inputs) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserException("--scalesim-reports " + dir + ": exists and is not a folder");
        }
        if (Files.isDirectory(dir)) {
            for (String name : List.of(ScaleSimReports.COMPUTE, ScaleSimReports.BANDWIDTH, ScaleSimReports.DETAILED)) {
                target(force, inputs, name).check();
            }
        } else if (dir.toAbsolutePath().getParent() != null && !Files.isDirectory(dir.toAbsolutePath().getParent())) {
            throw new UserException("--scalesim-reports " + dir + ": the folder " + dir.toAbsolutePath().getParent()
                    + " does not exist");
        }
    }

    void write(List<LayerRun> layers, Force force, List<Path> inputs, PrintWriter out) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException("--scalesim-reports " + dir + ": cannot make the folder (" + e.getMessage() + ")");
        }
        Map<String, String> files = ScaleSimReports.render(layers.stream().map(LayerRun::access).toList());
        for (var f : files.entrySet()) {
            target(force, inputs, f.getKey()).writeString(f.getValue());
            out.println("wrote " + dir.resolve(f.getKey()));
        }
    }

    private OutputFile target(Force force, List<Path> inputs, String name) {
        return force.target(dir.resolve(name)).notOver(inputs);
    }
}
