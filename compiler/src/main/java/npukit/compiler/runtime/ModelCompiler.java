package npukit.compiler.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantScheme;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.NoTilingException;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.codegen.PooledY;
import npukit.compiler.codegen.ProgramTimer;
import npukit.compiler.codegen.SegmentCompiler;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.ColumnParts;
import npukit.compiler.lower.DynamicProduct;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.GroupBundles;
import npukit.compiler.lower.IntegerLayer;
import npukit.compiler.lower.IntegerLayers;
import npukit.compiler.lower.IntegerLoweringException;
import npukit.compiler.lower.MaxPoolRows;
import npukit.compiler.lower.NpuLayer;
import npukit.compiler.partition.DynamicStep;
import npukit.compiler.partition.HostStep;
import npukit.compiler.partition.IntegerStep;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.partition.Partition;
import npukit.compiler.partition.Partitioner;
import npukit.compiler.partition.Step;
import npukit.compiler.pass.BindInputShapes;
import npukit.compiler.pass.PassPipeline;
import npukit.compiler.quant.Calibration;
import npukit.compiler.quant.LayerQuantizer;
import npukit.compiler.quant.LayerSqnr;
import npukit.compiler.quant.QuantizedLayer;
import npukit.compiler.quant.ShapeOnlyLayer;
import npukit.compiler.quant.Range;

/**
 * The compiler driver: passes, partition, calibration, quantization per chip, code generation per
 * NPU step. Integer ONNX products keep the model's quantization; one the chip cannot run as given
 * (operands too wide, another rounding mode) becomes host work, and the partition says why. The tiling
 * search times its best candidates with the caller's {@link ProgramTimer}. Deterministic: the same
 * model, chip, options and timer give the same programs.
 */
public final class ModelCompiler {

    private ModelCompiler() {
    }

    public static CompiledModel compile(Graph model, ChipConfig chip, CompileOptions options, ProgramTimer timer) {
        return compile(model, chip, options, timer, new PlanCache());
    }

    /** As {@link #compile(Graph, ChipConfig, CompileOptions, ProgramTimer)}, reusing plans from {@code cache}. */
    public static CompiledModel compile(Graph model, ChipConfig chip, CompileOptions options, ProgramTimer timer,
            PlanCache cache) {
        return compile(model, chip, options, timer, cache, CompileProgress.NONE);
    }

    /** As {@link #compile(Graph, ChipConfig, CompileOptions, ProgramTimer, PlanCache)}, telling {@code progress}. */
    public static CompiledModel compile(Graph model, ChipConfig chip, CompileOptions options, ProgramTimer timer,
            PlanCache cache, CompileProgress progress) {
        Graph prepared = prepare(model, options.batch());
        // A log chip's quant unit writes log codes, which the next layer cannot read as operands: the
        // host re-encodes between layers, so no two layers share a program there.
        boolean chain = options.chain() && chip.quant().scheme() != QuantScheme.LOGARITHMIC;
        String tables = tableRefusal(chip);
        Partition unsmoothed = placeClips(placePools(Partitioner.partition(prepared, chain, tables), chip), chip);
        // Calibration feeds samples of batch 1: the graph prepared for batch 1 (the same one unless the batch is larger).
        Graph preparedForCalibration = options.batch() == 1 ? prepared : prepare(model, 1);
        // Smoothing and output scaling rewrite the float graph (host Muls around the layers, their scales
        // folded into the weights), so calibration, quantization and the host's work all see the result.
        ScaleMigration migration = ScaleMigration.of(prepared, preparedForCalibration, unsmoothed, chip, options);
        Graph graph = migration.graph();
        Graph calibrationGraph = migration.calibrationGraph();
        Partition partition = migration.changed()
                ? migration.reasons(placeClips(placePools(Partitioner.partition(graph, chain, tables), chip), chip))
                : unsmoothed;
        Map<String, String> rangeSource = rangeSources(partition);
        List<FusedLayer> grouped = partition.layers().stream().filter(l -> encodesGroups(l, chip)).toList();
        Calibration.Ranges calibrated = Calibration.run(calibrationGraph, partition.layers(), grouped,
                options.calibration(), options.method());
        Map<String, Range> ranges = calibrated.values();
        Map<String, QuantizedLayer> quantized = new LinkedHashMap<>();
        for (FusedLayer l : partition.layers()) {
            Range in = ranges.get(rangeSource.getOrDefault(l.input().name(), l.input().name()));
            quantized.put(l.name(), LayerQuantizer.quantize(l, in, ranges.get(l.beforeActivation().name()),
                    ranges.get(l.output().name()), calibrated.groups().getOrDefault(l.name(), List.of()), chip));
        }
        Map<String, String> keptOnHost = keptOnHost(graph, partition, quantized, chip, options);
        List<CompiledSegment> segments = new ArrayList<>();
        Map<String, IntegerLayer> integer = new LinkedHashMap<>();
        partition = generate(partition, chip, timer, cache, progress, segments, integer, keptOnHost, (npu, steps) -> {
            for (NpuStep part : splitAtCodecChanges(npu, quantized)) {
                compileOrHost(part, graph, chip, quantized, keptOnHost, timer, cache, segments, steps);
            }
        });
        return new CompiledModel(chip, graph, partition, quantized, integer, segments, ranges, options);
    }

    /**
     * The timing-only compile: shapes bound once (batch 1), the passes and the partition as
     * {@link #compile} makes them, then code generation from the layers' shapes ({@link ShapeOnlyLayer})
     * without data, calibration or quantization. The programs' timing is that of a functional compile;
     * chains are not cut where quantization would change codecs, as no codec is chosen.
     */
    public static ShapeCompiledModel compileShapes(Graph model, ChipConfig chip, ProgramTimer timer, PlanCache cache) {
        return compileShapes(model, chip, timer, cache, CompileProgress.NONE);
    }

    /** As {@link #compileShapes(Graph, ChipConfig, ProgramTimer, PlanCache)}, telling {@code progress}. */
    public static ShapeCompiledModel compileShapes(Graph model, ChipConfig chip, ProgramTimer timer, PlanCache cache,
            CompileProgress progress) {
        return compileShapes(model, chip, timer, cache, progress, 1);
    }

    /**
     * As {@link #compileShapes(Graph, ChipConfig, ProgramTimer, PlanCache, CompileProgress)}, the NPU
     * chains compiled on up to {@code threads} threads (the timer must then be safe to share): the same
     * programs and plans as on one thread.
     */
    public static ShapeCompiledModel compileShapes(Graph model, ChipConfig chip, ProgramTimer timer, PlanCache cache,
            CompileProgress progress, int threads) {
        Graph graph = prepare(model, 1);
        boolean chain = chip.quant().scheme() != QuantScheme.LOGARITHMIC;
        String tables = tableRefusal(chip);
        Partition partition = placeClips(placePools(Partitioner.partition(graph, chain, tables), chip), chip);
        List<CompiledSegment> segments = new ArrayList<>();
        Map<String, IntegerLayer> integer = new LinkedHashMap<>();
        List<List<NpuLayer>> chains = new ArrayList<>();
        List<NpuStep> npuSteps = new ArrayList<>();
        for (Step s : partition.steps()) {
            if (s instanceof NpuStep npu) {
                chains.add(npu.layers().stream().map(l -> ShapeOnlyLayer.of(l, chip)).toList());
                npuSteps.add(npu);
            }
        }
        try (ChainCompiles compiles = new ChainCompiles(chains,
                (i, c) -> segment(chip, npuSteps.get(i), c, timer, cache), threads)) {
            int[] next = {0};
            partition = generate(partition, chip, timer, cache, progress, segments, integer, Map.of(), (npu, steps) -> {
                segments.add(compiles.get(next[0]++));
                steps.add(npu);
            });
        }
        return new ShapeCompiledModel(chip, graph, partition, integer, segments);
    }

    /**
     * Code generation for every NPU, integer and dynamic step, in step order: {@code npuSteps} compiles an
     * NPU step into the steps it runs as; an integer or dynamic product the chip cannot run, and a dynamic
     * one in {@code keptOnHost}, becomes host work.
     * Fills {@code segments} and {@code integer}; returns the partition with the steps as run.
     */
    private static Partition generate(Partition partition, ChipConfig chip, ProgramTimer timer, PlanCache cache,
            CompileProgress progress, List<CompiledSegment> segments, Map<String, IntegerLayer> integer,
            Map<String, String> keptOnHost, BiConsumer<NpuStep, List<Step>> npuSteps) {
        Graph graph = partition.graph();
        List<Step> steps = new ArrayList<>();
        int total = (int) partition.steps().stream().filter(s -> !(s instanceof HostStep)).count();
        int index = 0;
        for (Step s : partition.steps()) {
            if (s instanceof NpuStep npu) {
                progress.step(++index, total, npu.layers().get(0).name()
                        + (npu.layers().size() > 1 ? " and " + (npu.layers().size() - 1) + " chained" : ""));
                npuSteps.accept(npu, steps);
            } else if (s instanceof IntegerStep is) {
                progress.step(++index, total, is.node().name());
                try {
                    IntegerLayer l = IntegerLayers.lower(is.node(), graph, chip);
                    segments.add(SegmentCompiler.compile(chip, List.of(l.layer()), timer, cache));
                    integer.put(is.node().name(), l);
                    steps.add(s);
                } catch (IntegerLoweringException | NoTilingException e) {
                    steps.add(new HostStep(List.of(is.node()), List.of("not on " + chip.name() + ": " + e.getMessage())));
                }
            } else if (s instanceof DynamicStep ds) {
                progress.step(++index, total, ds.node().name());
                if (keptOnHost.containsKey(ds.node().name())) {
                    steps.add(new HostStep(List.of(ds.node()), List.of(keptOnHost.get(ds.node().name()))));
                    continue;
                }
                try {
                    DynamicProduct d = ds.lower(chip);
                    segments.add(SegmentCompiler.compile(chip, List.of(d.layer()), timer, cache).runEach(d.runs()));
                    steps.add(s);
                } catch (IntegerLoweringException | NoTilingException e) {
                    steps.add(new HostStep(List.of(ds.node()), List.of("not on " + chip.name() + ": " + e.getMessage())));
                }
            } else {
                steps.add(s);
            }
        }
        return new Partition(graph, steps);
    }

    /**
     * The step as one program; when a layer has no tiling that fits the chip's buffers, each layer is
     * tried alone and those that still do not fit run on the host (float), with the reason.
     */
    private static void compileOrHost(NpuStep part, Graph graph, ChipConfig chip, Map<String, QuantizedLayer> quantized,
                                      Map<String, String> keptOnHost, ProgramTimer timer, PlanCache cache,
                                      List<CompiledSegment> segments, List<Step> steps) {
        if (part.layers().stream().anyMatch(l -> keptOnHost.containsKey(l.name()))) {
            if (part.layers().size() > 1) {
                part.layers().forEach(l -> compileOrHost(new NpuStep(List.of(l)), graph, chip, quantized, keptOnHost, timer,
                        cache, segments, steps));
            } else {
                toHost(part, graph, quantized, keptOnHost.get(part.layers().get(0).name()), steps);
            }
            return;
        }
        try {
            segments.add(segment(chip, part, part.layers().stream().map(l -> quantized.get(l.name()).npu()).toList(),
                    timer, cache));
            steps.add(part);
            return;
        } catch (NoTilingException e) {
            if (part.layers().size() == 1) {
                toHost(part, graph, quantized, "not on " + chip.name() + ": " + e.getMessage(), steps);
                return;
            }
        }
        for (FusedLayer l : part.layers()) {
            compileOrHost(new NpuStep(List.of(l)), graph, chip, quantized, keptOnHost, timer, cache, segments, steps);
        }
    }

    /**
     * The program of an NPU step: a chain of layers, or a grouped convolution's bundles side by side
     * ({@link GroupBundles}), bundled to the array's columns.
     */
    private static CompiledSegment segment(ChipConfig chip, NpuStep step, List<NpuLayer> chain, ProgramTimer timer,
            PlanCache cache) {
        FusedLayer first = step.layers().get(0);
        if (first.groups() > 1) {
            return SegmentCompiler.compileGroups(chip, bundles(chip, first, chain.get(0)), timer, cache);
        }
        if (step.pool().isPresent()) {
            return SegmentCompiler.compile(chip, List.of(pooledRows(chain.get(0), step.pool().get())), timer, cache,
                    Optional.of(pooledY(step.pool().get())));
        }
        try {
            return SegmentCompiler.compile(chip, chain, timer, cache);
        } catch (NoTilingException e) {
            if (chain.size() > 1) {
                throw e;
            }
            return columns(chip, chain.get(0), timer, cache, e);
        }
    }

    /**
     * A single layer no tiling fits, as the fewest column parts that each fit ({@link ColumnParts}), up to
     * one part per array-wide column group; {@code none} again when even those do not fit.
     */
    private static CompiledSegment columns(ChipConfig chip, NpuLayer layer, ProgramTimer timer, PlanCache cache,
            NoTilingException none) {
        int most = Math.min(layer.n(), (layer.n() + chip.array().cols() - 1) / chip.array().cols());
        List<Integer> tried = new ArrayList<>();
        for (int parts = 2; parts < most; parts = parts < 8 ? parts + 1 : parts * 2) {
            tried.add(parts);
        }
        if (most >= 2) {
            tried.add(most);
        }
        for (int parts : tried) {
            try {
                return SegmentCompiler.compileColumns(chip, ColumnParts.split(layer, parts), timer, cache);
            } catch (NoTilingException e) {
                // more, narrower parts
            }
        }
        throw none;
    }

    /**
     * Whether the host encodes a grouped convolution's X group by group ({@code GroupInputs}): on chips
     * with per-channel requantization, whose per-lane registers then absorb each group's input scale.
     * A log chip's columns must share one accumulator scale, and a per-tensor chip has one multiplier.
     */
    private static boolean encodesGroups(FusedLayer layer, ChipConfig chip) {
        return layer.groups() > 1 && chip.quant().granularity() == Granularity.PER_CHANNEL
                && chip.quant().scheme() != QuantScheme.LOGARITHMIC;
    }

    /** The bundles a grouped convolution's layer runs as on {@code chip}. */
    public static List<NpuLayer> bundles(ChipConfig chip, FusedLayer layer, NpuLayer npu) {
        return GroupBundles.split(npu, layer.groups(), chip.array().cols());
    }

    /** A single-layer step's nodes (its pool's too) as a host step (float), each with the reason. */
    private static void toHost(NpuStep step, Graph graph, Map<String, QuantizedLayer> quantized, String reason,
                               List<Step> steps) {
        FusedLayer layer = step.layers().get(0);
        List<Node> nodes = graph.nodes().stream().filter(n -> layer.nodes().contains(n.name())
                || step.pool().filter(p -> p.node().equals(n.name())).isPresent()).toList();
        quantized.remove(layer.name());
        // The pool's own reason: it follows its convolution, whatever sent that to the host.
        steps.add(new HostStep(nodes, nodes.stream().map(n -> layer.nodes().contains(n.name()) ? reason
                : "pooling runs on the host: its convolution " + layer.name() + " does").toList()));
    }

    /** The VALU pass's view of the pooled layer's Y: its blocks in order, or gathered from Y's rows. */
    private static PooledY pooledY(MaxPoolRows pool) {
        return pool.gathered() ? new PooledY(pool.blocks(), pool.pooledRows(), pool.order())
                : PooledY.blocked(pool.blocks(), pool.pooledRows());
    }

    /**
     * The layer as the VALU pool needs it: the rows of every window position, block after block, or each
     * conv output pixel once when the pool gathers them.
     */
    public static NpuLayer pooledRows(NpuLayer layer, MaxPoolRows pool) {
        return layer.withRows(pool.rows());
    }

    /**
     * The partition with every VALU pool kept where the chip can run it. A log chip's quant unit writes
     * log codes (sign and magnitude bits), whose order as integers is not their values' order, so there
     * the pool stays on the host.
     */
    static Partition placePools(Partition partition, ChipConfig chip) {
        if (chip.quant().scheme() != QuantScheme.LOGARITHMIC) {
            return partition;
        }
        List<Step> steps = new ArrayList<>();
        for (Step s : partition.steps()) {
            if (s instanceof NpuStep npu && npu.pool().isPresent()) {
                steps.add(npu.withoutPool());
                Node pool = node(partition.graph(), npu.pool().get().node());
                steps.add(new HostStep(List.of(pool), List.of("pooling runs on the host: on " + chip.name()
                        + " the quant unit writes log codes, which the VALU's MAX does not order as their values")));
            } else {
                steps.add(s);
            }
        }
        return new Partition(partition.graph(), steps);
    }

    /**
     * Whether layers take in a one-input function after them as a code table (empty), why not on a chip whose
     * vector ALU has a lookup table, or null without one. Not on a log chip, whose host re-encodes every layer's
     * output anyway, nor where output scaling may give a layer one output scale per channel (per-channel linear
     * weights, "Scale migration"), which one table for all channels cannot follow: PP-OCRv4 detection on
     * ascend-cube with a table read IoU 0.7724 with its HardSwishes as tables, 0.9692 with them on the host
     * and their convolutions output-scaled. The rule is the chip's alone, so timing-only compiles agree.
     */
    static String tableRefusal(ChipConfig chip) {
        if (!chip.array().lookupTable()) {
            return null;
        }
        if (chip.quant().scheme() == QuantScheme.LOGARITHMIC) {
            return "on " + chip.name() + " the quant unit writes log codes, which the host re-encodes after every"
                    + " layer; float on the host";
        }
        if (chip.quant().granularity() == Granularity.PER_CHANNEL && chip.quant().scheme() == QuantScheme.LINEAR) {
            return "on " + chip.name() + " (per-channel linear weights) output scaling may give the layer before it"
                    + " one scale per channel, which one code table cannot follow; float on the host";
        }
        return "";
    }

    /**
     * The partition with every fused clip kept where the chip can clamp it. A log chip's quant unit writes
     * log codes, which the VALU's CLAMP does not order as their values, so there each clip runs on the host
     * after its layer. (Log chips neither chain layers nor pool on the VALU: each such step is one layer.)
     */
    static Partition placeClips(Partition partition, ChipConfig chip) {
        if (chip.quant().scheme() != QuantScheme.LOGARITHMIC) {
            return partition;
        }
        List<Step> steps = new ArrayList<>();
        for (Step s : partition.steps()) {
            if (!(s instanceof NpuStep npu) || npu.layers().stream().allMatch(l -> l.clip().isEmpty())) {
                steps.add(s);
                continue;
            }
            for (FusedLayer l : npu.layers()) {
                steps.add(new NpuStep(List.of(l.withoutClip())));
                l.clip().ifPresent(c -> steps.add(new HostStep(List.of(node(partition.graph(), c.node())),
                        List.of("on " + chip.name() + " the quant unit writes log codes, which the VALU's CLAMP does not"
                                + " order as their values; float on the host"))));
            }
        }
        return new Partition(partition.graph(), steps);
    }

    static Node node(Graph graph, String name) {
        return graph.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The layers that stay on the host in float and why: those named by the user, and those whose own SQNR
     * ({@link LayerSqnr}, over the calibration samples; a dynamic MatMul's with its run-time quantization)
     * falls below the threshold. A name that is no
     * layer is an error naming the layers there are.
     */
    private static Map<String, String> keptOnHost(Graph graph, Partition partition, Map<String, QuantizedLayer> quantized,
                                                  ChipConfig chip, CompileOptions options) {
        Map<String, String> kept = new LinkedHashMap<>();
        List<String> dynamic = partition.steps().stream().filter(DynamicStep.class::isInstance)
                .map(s -> ((DynamicStep) s).node().name()).toList();
        for (String name : options.hostLayers()) {
            if (!quantized.containsKey(name) && !dynamic.contains(name)) {
                List<String> layers = new ArrayList<>(quantized.keySet());
                layers.addAll(dynamic);
                throw new CompileOptionException("--host-layer " + name + ": no NPU layer has that name; the layers are "
                        + String.join(", ", layers));
            }
            kept.put(name, "kept on the host in float by --host-layer");
        }
        if (options.minLayerSqnrDb() > Double.NEGATIVE_INFINITY) {
            Map<String, Double> sqnr = new LinkedHashMap<>(LayerSqnr.of(graph, quantized, options.calibration(), chip));
            List<DynamicProduct> products = new ArrayList<>();
            for (Step s : partition.steps()) {
                if (s instanceof DynamicStep ds) {
                    try {
                        products.add(ds.lower(chip));
                    } catch (IntegerLoweringException e) {
                        // Not on this chip at all: code generation keeps it on the host with the reason.
                    }
                }
            }
            sqnr.putAll(LayerSqnr.dynamic(graph, products, options.calibration(), chip));
            sqnr.forEach((name, db) -> {
                if (db < options.minLayerSqnrDb() && !kept.containsKey(name)) {
                    kept.put(name, String.format(java.util.Locale.ROOT, "SQNR %.1f dB < %s dB (--min-layer-sqnr): kept on"
                            + " the host in float", db, compact(options.minLayerSqnrDb())));
                }
            });
        }
        return kept;
    }

    /** The threshold as the user wrote it: "30", "27.5". */
    private static String compact(double db) {
        return db == Math.rint(db) ? String.valueOf((long) db) : String.valueOf(db);
    }

    /**
     * A chain passes codes from layer to layer inside one program, which is right only when each layer
     * reads exactly the codec its predecessor writes; where quantization chose otherwise (a power-of-two
     * output scale widened past the calibrated range), the chain is cut and the host re-encodes.
     */
    private static List<NpuStep> splitAtCodecChanges(NpuStep step, Map<String, QuantizedLayer> quantized) {
        if (step.pool().isPresent()) {
            return List.of(step);
        }
        List<NpuStep> parts = new ArrayList<>();
        List<FusedLayer> current = new ArrayList<>();
        for (FusedLayer l : step.layers()) {
            if (!current.isEmpty()) {
                QuantizedLayer prev = quantized.get(current.get(current.size() - 1).name());
                if (!prev.output().equals(quantized.get(l.name()).input())) {
                    parts.add(new NpuStep(current));
                    current = new ArrayList<>();
                }
            }
            current.add(l);
        }
        parts.add(new NpuStep(current));
        return parts;
    }

    /** The model with its batch size bound and the standard passes run. */
    static Graph prepare(Graph model, int batch) {
        Graph bound = BindInputShapes.batch(model, batch).apply(model).orElse(model);
        return PassPipeline.standard().run(bound);
    }

    /**
     * For a value computed from one layer's output by host data movement or pooling only, that output:
     * the layer reading it is quantized with the producer's range, so its input codec is the producer's
     * output codec and the host hands the codes over unchanged.
     */
    static Map<String, String> rangeSources(Partition partition) {
        Map<String, String> source = new HashMap<>();
        Set<String> layerOutputs = new LinkedHashSet<>();
        partition.layers().forEach(l -> layerOutputs.add(l.output().name()));
        for (Step s : partition.steps()) {
            if (s instanceof NpuStep npu) {
                // The VALU pools the layer's codes: the pooled value has the layer's codec.
                npu.pool().ifPresent(p -> source.put(p.output().name(), npu.layers().get(0).output().name()));
            }
            if (!(s instanceof HostStep host)) {
                continue;
            }
            for (Node n : host.nodes()) {
                List<Value> varying = n.inputs().stream()
                        .filter(v -> !partition.graph().initializers().containsKey(v.name())).toList();
                if (!HostExecutor.preservesCodes(n) || varying.size() != 1) {
                    continue;
                }
                String from = source.getOrDefault(varying.get(0).name(), varying.get(0).name());
                if (layerOutputs.contains(from)) {
                    n.outputs().forEach(o -> source.put(o.name(), from));
                }
            }
        }
        return source;
    }
}
