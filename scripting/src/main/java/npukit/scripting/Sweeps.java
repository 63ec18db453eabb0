package npukit.scripting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipVariants;
import npukit.compiler.codegen.PlanCache;
import npukit.results.SweepCsv;
import npukit.runner.CompileSettings;
import npukit.compiler.quant.CalibrationMethod;
import npukit.runner.sweep.LocalSweep;
import npukit.runner.sweep.ModelWorkload;
import npukit.runner.sweep.SweepListener;
import npukit.runner.sweep.SweepPoint;
import npukit.runner.sweep.SweepResultsFile;
import npukit.runner.sweep.SweepSpec;
import npukit.runner.sweep.TopologyWorkload;
import npukit.runner.sweep.Workload;

/**
 * A script's sweep: its chips as the points and its models as the workloads of a {@link SweepSpec},
 * run by the same engine and written to the same results files as {@code npu sweep}. The swept fields
 * (the results' field columns) are the chip fields whose values differ between the chips.
 */
final class Sweeps {

    private Sweeps() {
    }

    static SweepCsv.Parsed run(Path script, List<Chip> chips, List<Model> models, Path output, int threads,
            boolean force, int samples, PlanCache plans) {
        if (threads < 1 || samples < 1) {
            throw new ScriptError("sweep(): threads and samples must be >= 1, got " + threads + " and " + samples);
        }
        List<Map<String, Object>> values = chips.stream().map(c -> ChipVariants.values(c.config())).toList();
        List<String> fields = new ArrayList<>();
        for (String f : ChipVariants.fields()) {
            if (values.stream().map(v -> v.get(f)).distinct().count() > 1) {
                fields.add(f);
            }
        }
        List<SweepPoint> points = new ArrayList<>();
        for (int i = 0; i < chips.size(); i++) {
            Map<String, Object> swept = new LinkedHashMap<>();
            for (String f : fields) {
                swept.put(f, values.get(i).get(f));
            }
            points.add(new SweepPoint(i, swept, chips.get(i).config()));
        }
        List<Workload> workloads = new ArrayList<>();
        for (Model m : models) {
            workloads.add(m.functional()
                    ? new ModelWorkload(m.name(), m.source("sweep"), new CompileSettings(8, CalibrationMethod.MINMAX),
                            Math.min(samples, m.source("sweep").samples().size()))
                    : new TopologyWorkload(m.name(), m.graph(), 1, plans));
        }
        SweepSpec spec = new SweepSpec(script, chips.get(0).config(), fields, points, workloads);
        Path scratch = null;
        try {
            if (output == null) {
                scratch = Files.createTempDirectory("npu-script-sweep");
            }
            Path file = output != null ? output : scratch.resolve("results.csv");
            try (SweepResultsFile results = SweepResultsFile.open(file, spec,
                    force ? SweepResultsFile.Existing.REPLACE : SweepResultsFile.Existing.REFUSE)) {
                npukit.runner.sweep.Sweeps.run(spec, results, new LocalSweep(threads), SweepListener.NONE);
            }
            return SweepCsv.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ScriptError("sweep(): " + e.getMessage(), e);
        } finally {
            delete(scratch);
        }
    }

    /** The scratch folder of a sweep without output, and the two files in it. */
    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit(); // a leftover scratch folder is harmless: the rows are already read
        }
    }
}
