package npukit.scripting;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.io.InputFiles;
import npukit.compiler.ir.Graph;
import npukit.compiler.scalesim.ScaleSimTopology;
import npukit.runner.ModelSource;

/**
 * A model a script runs: with data ({@code mnist()}, {@code onnx(...)}: compiled, run and evaluated on
 * the simulator) or shapes only (a SCALE-Sim topology: timed with {@code time()}, swept).
 */
public final class Model {

    private final String name;
    private final Graph shapes;
    private final Optional<ModelSource> source;

    private Model(String name, Graph shapes, Optional<ModelSource> source) {
        this.name = name;
        this.shapes = shapes;
        this.source = source;
    }

    static Model of(String name, ModelSource source) {
        return new Model(name, source.graph(), Optional.of(source));
    }

    /**
     * A topology file's layers: all of them ({@code keep} null), the first {@code keep} (an Integer), or
     * those named in {@code keep} (a list of names), in the file's order.
     */
    static Model topology(Path file, Object keep) {
        String text = InputFiles.readText(file, (f, problem) -> new ScriptError(f + ": " + problem));
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        if (keep == null) {
            return new Model(stem, ScaleSimTopology.parse(file, text.getBytes(StandardCharsets.UTF_8),
                    ScaleSimTopology.DEFAULT_SEED), Optional.empty());
        }
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        List<String> names = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String layer = line.split(",", 2)[0].trim();
            boolean wanted = keep instanceof Integer n ? names.size() < n
                    : keep instanceof List<?> l && l.contains(layer);
            if (wanted) {
                kept.add(line);
                names.add(layer);
            }
        }
        if (keep instanceof List<?> l && names.size() != l.size()) {
            List<Object> missing = new ArrayList<>(l);
            missing.removeAll(names);
            throw new ScriptError(file + ": no layer " + missing + " in the topology");
        }
        if (!(keep instanceof Integer) && !(keep instanceof List<?>) || names.isEmpty()) {
            throw new ScriptError(file + ": layers must be a count of 1 or more or a list of layer names, got " + keep);
        }
        Graph g = ScaleSimTopology.parse(file, String.join("\n", kept).getBytes(StandardCharsets.UTF_8),
                ScaleSimTopology.DEFAULT_SEED);
        return new Model(stem + "[" + names.size() + " layers]", g, Optional.empty());
    }

    public String name() {
        return name;
    }

    /** The model's graph (for a topology: its layer shapes). */
    public Graph graph() {
        return shapes;
    }

    /** Whether it has data to run functionally; a topology has shapes only. */
    public boolean functional() {
        return source.isPresent();
    }

    /** The model with its samples, for functional runs; a script error for a topology. */
    ModelSource source(String function) {
        return source.orElseThrow(() -> new ScriptError(function + "(): " + name
                + " is a SCALE-Sim topology (shapes only): time it with npu.time(model, chip)"));
    }

    /** Samples to run: all of them for null, else the first {@code n}. */
    List<ModelSource.Sample> samples(String function, Object n) {
        List<ModelSource.Sample> all = source(function).samples();
        if (n == null) {
            return all;
        }
        if (!(n instanceof Integer k) || k < 1 || k > all.size()) {
            throw new ScriptError(function + "(): samples must be 1 to " + all.size() + " for " + name + ", got " + n);
        }
        return all.subList(0, k);
    }

    @Override
    public String toString() {
        return name + (functional() ? " (" + source.get().samples().size() + " samples)" : " (shapes only)");
    }
}
