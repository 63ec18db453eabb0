package npukit.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import npukit.arch.config.ChipConfig;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.ColumnParts;
import npukit.compiler.lower.DynamicProduct;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.GroupBundles;
import npukit.compiler.lower.Im2col;
import npukit.compiler.lower.IntegerLayer;
import npukit.compiler.lower.MaxPoolRows;
import npukit.compiler.lower.NpuLayer;
import npukit.compiler.lower.NpuLayerReference;
import npukit.compiler.partition.DynamicStep;
import npukit.compiler.partition.HostStep;
import npukit.compiler.partition.IntegerStep;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.partition.Step;
import npukit.compiler.quant.QuantizedLayer;
import npukit.compiler.runtime.Carried;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.HostExecutor;
import npukit.compiler.runtime.ModelCompiler;
import npukit.isa.Program;
import npukit.sim.Counters;
import npukit.sim.EnergyModel;
import npukit.sim.InstructionActivity;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;

/**
 * Runs a compiled model: host steps in the reference interpreter, NPU steps as programs on the
 * cycle-accurate simulator (functional mode, so the numbers are the chip's). Every NPU result is also
 * checked against {@link NpuLayerReference}; a difference is a simulator or code generator bug and
 * stops the run (chips with stochastic rounding skip the check: their draws follow the program's order).
 */
public final class ModelRunner {

    private final CompiledModel model;
    private final Simulator simulator;
    private final HostExecutor host;
    private final InstructionActivity activity;
    private final EnergyModel energy;

    public ModelRunner(CompiledModel model) {
        this.model = model;
        this.simulator = new Simulator(model.chip(), Simulator.Mode.FUNCTIONAL);
        this.host = new HostExecutor(model.graph());
        this.activity = new InstructionActivity(model.chip());
        this.energy = new EnergyModel(model.chip());
    }

    /** The NPU input program of each NPU step for these inputs (what {@code npu verify} replays on RTL). */
    public List<Program> programs(Map<String, Tensor> inputs) {
        List<Program> out = new ArrayList<>();
        execute(inputs, out, new ArrayList<>(), new ArrayList<>());
        return out;
    }

    public RunResult run(Map<String, Tensor> inputs) {
        List<Counters> counters = new ArrayList<>();
        List<LayerRun> layers = new ArrayList<>();
        Map<String, Carried> values = execute(inputs, new ArrayList<>(), counters, layers);
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (Value v : model.graph().outputs()) {
            outputs.put(v.name(), values.get(v.name()).realTensor());
        }
        return new RunResult(outputs, counters, layers);
    }

    private Map<String, Carried> execute(Map<String, Tensor> inputs, List<Program> programs, List<Counters> counters,
            List<LayerRun> layers) {
        Graph graph = model.graph();
        Map<String, Carried> values = new HashMap<>();
        for (Value in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new IllegalArgumentException("input " + in.name() + " is missing; the model takes " + in.text());
            }
            if (!in.type().accepts(t.type())) {
                throw new IllegalArgumentException("input " + in.name() + " is " + t.type().text() + ", the model takes "
                        + in.type().text() + " (compiled for batch " + model.options().batch() + ")");
            }
            values.put(in.name(), Carried.reals(t.withType(in.type())));
        }
        int segment = 0;
        Map<String, Integer> lastUse = lastUses();
        List<Step> steps = model.partition().steps();
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            if (step instanceof HostStep h) {
                host.run(h, values);
            } else if (step instanceof IntegerStep is) {
                runInteger(is, model.segments().get(segment++), values, programs, counters, layers);
            } else if (step instanceof DynamicStep ds) {
                runDynamic(ds, model.segments().get(segment++), values, programs, counters, layers);
            } else {
                runNpu((NpuStep) step, model.segments().get(segment++), values, programs, counters, layers);
            }
            int done = s;
            values.keySet().removeIf(name -> lastUse.getOrDefault(name, Integer.MAX_VALUE) == done);
        }
        return values;
    }

    /**
     * The host's liveness: for each value a later step or the graph output does not read, the index of
     * the last step that reads it, so its tensor is dropped once that step is done.
     */
    private Map<String, Integer> lastUses() {
        Map<String, Integer> last = new HashMap<>();
        List<Step> steps = model.partition().steps();
        for (int s = 0; s < steps.size(); s++) {
            for (String name : reads(steps.get(s))) {
                last.put(name, s);
            }
        }
        model.graph().outputs().forEach(v -> last.remove(v.name()));
        return last;
    }

    private static List<String> reads(Step step) {
        if (step instanceof HostStep h) {
            return h.nodes().stream().flatMap(n -> n.inputs().stream()).map(Value::name).toList();
        }
        if (step instanceof IntegerStep is) {
            return is.node().inputs().stream().map(Value::name).toList();
        }
        if (step instanceof DynamicStep ds) {
            return ds.node().inputs().stream().map(Value::name).toList();
        }
        NpuStep npu = (NpuStep) step;
        List<String> reads = new ArrayList<>(List.of(npu.layers().get(0).input().name()));
        npu.layers().forEach(l -> l.residual().ifPresent(r -> reads.add(r.name())));
        return reads;
    }

    private void runNpu(NpuStep step, CompiledSegment seg, Map<String, Carried> values, List<Program> programs,
            List<Counters> counters, List<LayerRun> layers) {
        FusedLayer first = step.layers().get(0);
        QuantizedLayer q0 = model.layers().get(first.name());
        int[] x;
        if (q0.groupInputs().isPresent()) {
            x = q0.convX(im2col(first), values.get(first.input().name()).reals());
        } else {
            int[] codes = values.get(first.input().name()).codesFor(q0.input());
            x = first.isConv() ? im2col(first).rows(codes, q0.input().zeroCode()) : codes;
        }
        if (step.pool().isPresent()) {
            runPooled(step, seg, x, values, programs, counters, layers);
            return;
        }
        FusedLayer last = step.layers().get(step.layers().size() - 1);
        // The last layer's residual, as accumulator codes; a residual layer is always a step's last.
        int[] r = last.residual().map(v -> model.layers().get(last.name()).residualCodes(values.get(v.name()).reals(),
                model.chip().array().accumulatorBits())).orElse(null);
        Program program = r == null ? seg.withInput(x) : seg.withInput(x, r);
        int[] y;
        if (first.groups() > 1) {
            List<NpuLayer> bundles = ModelCompiler.bundles(model.chip(), first, q0.npu());
            y = simulate("NPU step " + first.name(), seg, program, bundles, x, programs, counters, layers,
                    in -> GroupBundles.reference(bundles, in, model.chip().array(), model.chip().quant()));
        } else if (step.layers().size() == 1 && seg.plans().size() > 1) {
            // A layer too wide for the chip's buffers runs as column parts.
            List<NpuLayer> parts = ColumnParts.split(q0.npu(), seg.plans().size());
            y = simulate("NPU step " + first.name(), seg, program, parts, x, programs, counters, layers,
                    in -> ColumnParts.reference(parts, in, r, model.chip().array(), model.chip().quant()));
        } else {
            List<NpuLayer> chain = step.layers().stream().map(l -> model.layers().get(l.name()).npu()).toList();
            y = simulate("NPU step " + first.name(), seg, program, chain, x, programs, counters, layers,
                    in -> chain(chain, in, r));
        }
        TensorType type = last.output().type();
        int[] out = last.isConv() ? Im2col.toImage(y, ImageShape.of(type)) : y;
        double[] asReals = Arrays.stream(out).asDoubleStream().toArray();
        values.put(last.output().name(),
                Carried.codes(Tensor.fromDoubles(type, asReals), model.layers().get(last.name()).output()));
    }

    /** A convolution whose program max-pools its output on the VALU: X in block order, Y the pooled rows. */
    private void runPooled(NpuStep step, CompiledSegment seg, int[] x, Map<String, Carried> values, List<Program> programs,
            List<Counters> counters, List<LayerRun> layers) {
        MaxPoolRows pool = step.pool().orElseThrow();
        FusedLayer layer = step.layers().get(0);
        QuantizedLayer q = model.layers().get(layer.name());
        NpuLayer rows = ModelCompiler.pooledRows(q.npu(), pool);
        int[] y = simulate("NPU step " + layer.name() + " with " + pool.node(), seg, List.of(rows),
                pool.reorder(x, layer.k()), programs, counters, layers,
                in -> pool.pool(chain(List.of(rows), in), rows.n()));
        TensorType type = pool.output().type();
        double[] asReals = Arrays.stream(Im2col.toImage(y, ImageShape.of(type))).asDoubleStream().toArray();
        values.put(pool.output().name(), Carried.codes(Tensor.fromDoubles(type, asReals), q.output()));
    }

    private void runInteger(IntegerStep step, CompiledSegment seg, Map<String, Carried> values, List<Program> programs,
            List<Counters> counters, List<LayerRun> layers) {
        IntegerLayer l = model.integerLayers().get(step.node().name());
        int[] x = l.buildX(values.get(l.input().name()).data());
        int[] y = simulate("integer step " + step.node().name(), seg, List.of(l.layer()), x, programs, counters, layers,
                in -> chain(List.of(l.layer()), in));
        Optional<Tensor> zeroPoint = l.runtimeZeroPoint().map(z -> values.get(z.zeroPoint().name()).data());
        values.put(l.output().name(), Carried.reals(l.decodeY(y, zeroPoint)));
    }

    /**
     * A product of two activations: each run (a batch matrix pair, a gate's image and channel bundle)
     * quantized from the operands' values, run as the step's program with its X and weights, and its
     * accumulators scaled back ({@link DynamicProduct}).
     */
    private void runDynamic(DynamicStep step, CompiledSegment seg, Map<String, Carried> values, List<Program> programs,
            List<Counters> counters, List<LayerRun> layers) {
        DynamicProduct d = step.lower(model.chip());
        double[] a = values.get(d.a().name()).reals();
        double[] b = values.get(d.b().name()).reals();
        List<int[]> ys = new ArrayList<>();
        List<Double> scales = new ArrayList<>();
        for (int p = 0; p < d.runs(); p++) {
            DynamicProduct.Pair pair = d.pair(a, b, p);
            NpuLayer layer = d.layer(pair.w());
            ys.add(simulate("dynamic " + step.node().op() + " " + step.node().name() + " run " + p, seg,
                    seg.withInput(pair.x(), layer), List.of(layer), pair.x(), programs, counters, layers,
                    in -> chain(List.of(layer), in)));
            scales.add(pair.scale());
        }
        values.put(d.y().name(), Carried.reals(d.output(ys, scales)));
    }

    /** The layer reference of a chain: each layer reads the previous one's Y. */
    private int[] chain(List<NpuLayer> chain, int[] x) {
        return chain(chain, x, null);
    }

    /** As {@link #chain(List, int[])}, the last layer adding {@code residual} (null: none). */
    private int[] chain(List<NpuLayer> chain, int[] x, int[] residual) {
        int[] y = x;
        for (int i = 0; i < chain.size(); i++) {
            y = NpuLayerReference.run(chain.get(i), y, i + 1 == chain.size() ? residual : null, model.chip().array(),
                    model.chip().quant());
        }
        return y;
    }

    /**
     * Runs one program with X = {@code x}, checks Y against {@code reference} (the layer reference of
     * the program's layers), records the program, its counters and each layer's run, and returns Y.
     */
    private int[] simulate(String what, CompiledSegment seg, List<NpuLayer> chain, int[] x, List<Program> programs,
            List<Counters> counters, List<LayerRun> layers, UnaryOperator<int[]> reference) {
        return simulate(what, seg, seg.withInput(x), chain, x, programs, counters, layers, reference);
    }

    /** As the other, running {@code program}: the segment's with X and, for a dynamic MatMul, its weights. */
    private int[] simulate(String what, CompiledSegment seg, Program program, List<NpuLayer> chain, int[] x,
            List<Program> programs, List<Counters> counters, List<LayerRun> layers, UnaryOperator<int[]> reference) {
        ChipConfig chip = model.chip();
        programs.add(program);
        SimulationResult r = simulator.run(program);
        int[] y = seg.output(r.hbm()::snapshot);
        boolean checkable = !chip.quant().rounding().isStochastic()
                || chain.stream().allMatch(l -> l.output() == NpuLayer.Output.ACCUMULATORS);
        if (checkable) {
            int[] expected = reference.apply(x);
            if (!Arrays.equals(expected, y)) {
                throw new IllegalStateException(what + " on " + chip.name()
                        + ": the simulated result differs from the layer reference (a simulator or code generator bug)");
            }
        }
        counters.add(r.counters());
        LayerProfiler profiler = new LayerProfiler(chip, program, r, seg.hbmLayout(), activity, energy);
        for (int i = 0; i < chain.size(); i++) {
            layers.add(profiler.run(chain.get(i).name(), seg.layerRanges().get(i), seg.plans().get(i).predictedCycles()));
        }
        return y;
    }

    /** The host's im2col for a convolution layer; the kernel size comes from the graph's Conv2d node. */
    Im2col im2col(FusedLayer layer) {
        for (Node n : model.graph().nodes()) {
            if (n instanceof Conv2d c && c.name().equals(layer.name())) {
                List<Integer> w = c.w().type().shape();
                return new Im2col(ImageShape.of(c.x().type()), new Size2d(w.get(2), w.get(3)), c.geometry(),
                        ImageShape.of(c.y().type()));
            }
        }
        throw new IllegalStateException("no Conv2d node " + layer.name() + " in the compiled graph");
    }
}
