package npukit.runner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ChipVariants;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.ir.Graph;
import npukit.compiler.quant.CalibrationMethod;
import npukit.runner.CompileSettings;
import npukit.runner.InputException;
import npukit.runner.ModelSource;
import npukit.runner.SpecYaml;
import npukit.runner.TimingRuns;

/**
 * Reads a sweep spec (YAML, docs/sweeps.md) and checks all of it before anything runs: unknown keys,
 * unknown chip fields, empty lists and ranges, values no chip accepts, points whose combination no chip
 * accepts, constraints that do not parse or leave no point, workloads whose files do not load. Every
 * error is an {@link InputException} naming the file, the key and the value.
 */
public final class SweepSpecReader {

    private static final List<String> TOP = List.of("base", "fields", "constraints", "sampling", "samples", "seed",
            "points", "workloads", "calibrate", "calibration-method");
    private static final List<String> WORKLOAD = List.of("name", "model", "data", "topology", "programs", "samples",
            "count", "size", "seed", "batch");

    private final Path file;
    private final SpecYaml yaml;
    /** One cache for every topology workload of the spec: points of one chip share their layers' plans. */
    private final PlanCache plans = new PlanCache();

    private SweepSpecReader(Path file) {
        this.file = file;
        this.yaml = new SpecYaml(file);
    }

    public static SweepSpec read(Path file) {
        return read(file, InputFiles.readText(file, (f, problem) -> new InputException(f + ": " + problem)));
    }

    /**
     * The spec {@code text} as if read from {@code file} (its relative paths are resolved beside it): how
     * an engine that runs jobs in other processes rebuilds the spec there from the text it was sent.
     */
    public static SweepSpec read(Path file, String text) {
        return new SweepSpecReader(file).read(text);
    }

    private SweepSpec read(String text) {
        JsonNode root = yaml.root(text, "base, fields and workloads");
        allowOnly(root, TOP, "");
        ChipConfig base = base(root.get("base"));
        List<String> fields = new ArrayList<>();
        List<List<Object>> axes = new ArrayList<>();
        String sampling = root.has("sampling") ? text(root.get("sampling"), "sampling") : "grid";
        List<Map<String, Object>> combos;
        if (sampling.equals("list")) {
            if (root.has("fields")) {
                throw error("fields: not used with sampling: list (each of points names its fields)");
            }
            combos = listed(root.get("points"), fields);
        } else if (sampling.equals("grid") || sampling.equals("random")) {
            if (root.has("points")) {
                throw error("points: only with sampling: list");
            }
            readAxes(root.get("fields"), base, fields, axes);
            combos = grid(fields, axes);
        } else {
            throw error("sampling = " + UserException.excerpt(sampling) + ": must be grid, list or random");
        }
        List<Constraint> constraints = constraints(root.get("constraints"), base);
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> combo : combos) {
            if (meets(constraints, base, combo)) {
                kept.add(combo);
            }
        }
        if (kept.isEmpty()) {
            throw error("constraints: no point of the " + combos.size() + " meets " + constraints.stream()
                    .map(Constraint::text).toList());
        }
        if (sampling.equals("random")) {
            kept = random(root, kept);
        } else if (root.has("samples") || root.has("seed")) {
            throw error((root.has("samples") ? "samples" : "seed") + ": only with sampling: random");
        }
        List<SweepPoint> points = new ArrayList<>();
        for (Map<String, Object> combo : kept) {
            points.add(new SweepPoint(points.size(), combo, chip(base, combo)));
        }
        CompileSettings settings = settings(root);
        return new SweepSpec(file, base, fields, points, workloads(root.get("workloads"), settings));
    }

    private ChipConfig base(JsonNode node) {
        if (node == null) {
            throw error("base: missing; name a preset (" + String.join(", ", ChipPresets.names()) + ") or a chip file");
        }
        return yaml.chip(text(node, "base"), "base");
    }

    private void readAxes(JsonNode node, ChipConfig base, List<String> fields, List<List<Object>> axes) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw error("fields: missing or empty; give each swept chip field a list or a range, e.g. array.rows: [8, 16]");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = field(e.getKey(), "fields");
            List<Object> values = values(e.getValue(), "fields: " + field);
            for (Object v : values) {
                chip(base, Map.of(field, v));
            }
            fields.add(field);
            axes.add(values);
        }
    }

    /** A list of scalars, or a range {from, to, step} (arithmetic) or {from, to, times} (geometric), both inclusive. */
    private List<Object> values(JsonNode node, String where) {
        List<Object> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode v : node) {
                out.add(scalar(v, where));
            }
        } else if (node.isObject()) {
            allowOnly(node, List.of("from", "to", "step", "times"), where + ": ");
            long from = integer(node.get("from"), where + ": from");
            long to = integer(node.get("to"), where + ": to");
            if (node.has("step") == node.has("times")) {
                throw error(where + ": a range needs exactly one of step (add) or times (multiply)");
            }
            if (node.has("step")) {
                long step = integer(node.get("step"), where + ": step");
                if (step < 1) {
                    throw error(where + ": step = " + step + ": must be 1 or more");
                }
                for (long v = from; v <= to && out.size() <= 10_000; v += step) {
                    out.add(asNumber(v));
                }
            } else {
                long times = integer(node.get("times"), where + ": times");
                if (times < 2 || from < 1) {
                    throw error(where + ": a geometric range needs times >= 2 and from >= 1, got times = " + times
                            + ", from = " + from);
                }
                for (long v = from; v <= to && out.size() <= 10_000; v *= times) {
                    out.add(asNumber(v));
                }
            }
        } else {
            out.add(scalar(node, where));
        }
        if (out.isEmpty()) {
            throw error(where + ": " + (node.isArray() ? "the list is empty" : "the range " + node + " is empty"));
        }
        if (out.size() > 10_000) {
            throw error(where + ": more than 10000 values");
        }
        return out;
    }

    private List<Map<String, Object>> grid(List<String> fields, List<List<Object>> axes) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (int a = 0; a < fields.size(); a++) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object v : axes.get(a)) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(fields.get(a), v);
                    next.add(m);
                }
            }
            if (next.size() > 1_000_000) {
                throw error("fields: the grid has more than 1,000,000 points");
            }
            out = next;
        }
        return out;
    }

    private List<Map<String, Object>> listed(JsonNode node, List<String> fields) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw error("points: missing or empty; with sampling: list give a list of mappings of chip fields");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        int i = 0;
        for (JsonNode p : node) {
            String where = "points[" + i++ + "]";
            if (!p.isObject() || p.isEmpty()) {
                throw error(where + ": expected a mapping of chip fields to values");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            p.fields().forEachRemaining(e -> m.put(field(e.getKey(), where), scalar(e.getValue(), where + ": " + e.getKey())));
            if (fields.isEmpty()) {
                fields.addAll(m.keySet());
            } else if (!fields.equals(new ArrayList<>(m.keySet()))) {
                throw error(where + ": names fields " + m.keySet() + "; every point must name " + fields + " in that order");
            }
            out.add(m);
        }
        return out;
    }

    private List<Constraint> constraints(JsonNode node, ChipConfig base) {
        List<Constraint> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        for (JsonNode n : items) {
            String text = text(n, "constraints");
            try {
                Constraint c = Constraint.parse(text, ChipVariants.fields());
                c.test(ChipVariants.values(base));
                out.add(c);
            } catch (IllegalArgumentException e) {
                throw error("constraints: " + e.getMessage());
            }
        }
        return out;
    }

    private boolean meets(List<Constraint> constraints, ChipConfig base, Map<String, Object> combo) {
        if (constraints.isEmpty()) {
            return true;
        }
        Map<String, Object> values = new LinkedHashMap<>(ChipVariants.values(base));
        combo.forEach((k, v) -> values.put(k, v));
        for (Constraint c : constraints) {
            try {
                if (!c.test(values)) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                throw error("constraints: " + e.getMessage() + " at " + combo);
            }
        }
        return true;
    }

    private List<Map<String, Object>> random(JsonNode root, List<Map<String, Object>> space) {
        long samples = integer(root.get("samples"), "samples");
        long seed = root.has("seed") ? integer(root.get("seed"), "seed") : 1;
        if (samples < 1 || samples > space.size()) {
            throw error("samples = " + samples + ": must lie in 1.." + space.size() + " (the points that meet the constraints)");
        }
        List<Map<String, Object>> pool = new ArrayList<>(space);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            out.add(pool.remove(rnd.nextInt(pool.size())));
        }
        return out;
    }

    private ChipConfig chip(ChipConfig base, Map<String, Object> values) {
        try {
            return ChipVariants.with(base, values, file);
        } catch (UserException e) {
            throw new InputException(e.getMessage() + (values.size() > 1 ? " (point " + values
                    + "; leave such points out with a constraint)" : ""), e);
        }
    }

    private CompileSettings settings(JsonNode root) {
        long calibrate = root.has("calibrate") ? integer(root.get("calibrate"), "calibrate") : 8;
        String method = root.has("calibration-method") ? text(root.get("calibration-method"), "calibration-method")
                : "minmax";
        try {
            return new CompileSettings((int) Math.min(Integer.MAX_VALUE, calibrate), CalibrationMethod.parse(method));
        } catch (IllegalArgumentException | UserException e) {
            throw error("calibrate / calibration-method: " + e.getMessage());
        }
    }

    private List<Workload> workloads(JsonNode node, CompileSettings settings) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw error("workloads: missing or empty; list models (model: mnist or FILE.onnx), topologies "
                    + "(topology: FILE.csv) or program suites (programs: random or regression)");
        }
        List<Workload> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 0;
        for (JsonNode w : node) {
            String where = "workloads[" + i++ + "]";
            if (!w.isObject()) {
                throw error(where + ": expected a mapping");
            }
            allowOnly(w, WORKLOAD, where + ": ");
            Workload workload = workload(w, where, settings);
            if (names.contains(workload.name())) {
                throw error(where + ": name " + workload.name() + " is used twice; give each workload its own name");
            }
            names.add(workload.name());
            out.add(workload);
        }
        return out;
    }

    private Workload workload(JsonNode w, String where, CompileSettings settings) {
        int kinds = (w.has("model") ? 1 : 0) + (w.has("topology") ? 1 : 0) + (w.has("programs") ? 1 : 0);
        if (kinds != 1) {
            throw error(where + ": needs exactly one of model, topology or programs");
        }
        long seed = w.has("seed") ? integer(w.get("seed"), where + ": seed") : 1;
        if (w.has("batch") && !w.has("topology")) {
            throw error(where + ": batch = " + UserException.excerpt(w.get("batch").toString()) + ": batches run on a "
                    + "topology workload (timed from its shapes); models and programs run one input at a time");
        }
        if (w.has("programs")) {
            String kind = text(w.get("programs"), where + ": programs");
            if (!kind.equals("random") && !kind.equals("regression")) {
                throw error(where + ": programs = " + UserException.excerpt(kind) + ": must be random or regression");
            }
            long count = w.has("count") ? integer(w.get("count"), where + ": count") : 4;
            long size = w.has("size") ? integer(w.get("size"), where + ": size") : 60;
            if (count < 1 || count > 10_000 || size < 1 || size > 100_000) {
                throw error(where + ": count must lie in 1..10000 and size in 1..100000, got " + count + " and " + size);
            }
            String name = w.has("name") ? text(w.get("name"), where + ": name") : kind + "-programs";
            return new ProgramSuiteWorkload(name, kind.equals("random") ? ProgramSuiteWorkload.Kind.RANDOM
                    : ProgramSuiteWorkload.Kind.REGRESSION, (int) count, (int) size, seed);
        }
        if (w.has("topology")) {
            for (String key : List.of("samples", "data", "seed")) {
                if (w.has(key)) {
                    throw error(where + ": " + key + " = " + UserException.excerpt(w.get(key).toString()) + ": a topology"
                            + " workload is timed from its layer shapes alone (no data, no weights), so " + key
                            + " does not apply; use model: for a functional run");
                }
            }
            Path topology = resolve(text(w.get("topology"), where + ": topology"));
            Graph graph;
            int batch;
            try {
                batch = w.has("batch") ? TimingRuns.checkBatch("batch", integer(w.get("batch"), where + ": batch")) : 1;
                graph = ModelSource.topologyShapes(topology, batch);
            } catch (UserException e) {
                throw error(where + ": " + e.getMessage());
            }
            return new TopologyWorkload(w.has("name") ? text(w.get("name"), where + ": name") : stem(topology), graph,
                    batch, plans);
        }
        ModelSource source;
        String defaultName;
        try {
            String model = text(w.get("model"), where + ": model");
            Path data = w.has("data") ? resolve(text(w.get("data"), where + ": data")) : null;
            source = ModelSource.resolve(model.equals("mnist") ? null : resolve(model), data, seed);
            defaultName = model.equals("mnist") ? "mnist-cnn" : stem(resolve(model));
        } catch (UserException e) {
            throw error(where + ": " + e.getMessage());
        }
        int samples = source.samples().size();
        if (w.has("samples")) {
            long n = integer(w.get("samples"), where + ": samples");
            if (n < 1 || n > samples) {
                throw error(where + ": samples = " + n + ": must lie in 1.." + samples + " (the samples the data holds)");
            }
            samples = (int) n;
        }
        String name = w.has("name") ? text(w.get("name"), where + ": name") : defaultName;
        return new ModelWorkload(name, source, settings, samples);
    }

    private String field(String key, String where) {
        return yaml.field(key, where);
    }

    private Object scalar(JsonNode v, String where) {
        return yaml.scalar(v, where);
    }

    private long integer(JsonNode v, String where) {
        return yaml.integer(v, where);
    }

    private String text(JsonNode v, String where) {
        return yaml.text(v, where);
    }

    private void allowOnly(JsonNode node, List<String> allowed, String where) {
        yaml.allowOnly(node, allowed, where);
    }

    private static Object asNumber(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
    }

    private Path resolve(String name) {
        return yaml.resolve(name);
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n).toLowerCase(Locale.ROOT);
    }

    private InputException error(String detail) {
        return yaml.error(detail);
}
}
