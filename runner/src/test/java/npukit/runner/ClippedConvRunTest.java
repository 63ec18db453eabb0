package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.numerics.ErrorMetrics;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.Im2col;
import npukit.compiler.lower.NpuLayer;
import npukit.compiler.lower.NpuLayerReference;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.quant.QuantizedLayer;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import npukit.isa.Instruction;
import npukit.isa.ValuOp;
import org.junit.jupiter.api.Test;

/**
 * A Conv followed by a Clip (ReLU6 and its one-bound and no-op variants) as one NPU layer. The runner
 * checks every program against the layer reference (which clamps as the VALU does); here the codes the
 * NPU writes must also equal, bit for bit, the interpreter's Clip applied to the unclamped layer's
 * decoded output and encoded again, and the timing-only compile must give the run's cycles.
 */
class ClippedConvRunTest {

    static final int CIN = 3;
    static final int H = 8;

    /** x (1, 3, 8, 8) -> 3x3 conv (8 channels, bias, padded) -> Clip(lo, hi); a null bound is absent. */
    static Graph convClip(Double lo, Double hi, boolean exposeConv) {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, CIN, H, H), Layout.NCHW));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 8, CIN, 3, 3));
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, 8));
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, 1);
        Value c = new Value("c", Conv2d.infer("conv", x, w, geo));
        Value y = new Value("y", c.type());
        Random rnd = new Random(7);
        float[] weights = new float[8 * CIN * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) rnd.nextGaussian();
        }
        float[] bias = new float[8];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) rnd.nextGaussian();
        }
        Map<String, Tensor> inits = new HashMap<>(Map.of("w", Tensor.ofFloats(List.of(8, CIN, 3, 3), weights),
                "b", Tensor.ofFloats(List.of(8), bias)));
        Optional<Value> min = Optional.ofNullable(lo).map(v -> bound("lo", v, inits));
        Optional<Value> max = Optional.ofNullable(hi).map(v -> bound("hi", v, inits));
        List<Node> nodes = List.of(new Conv2d("conv", x, w, Optional.of(b), c, geo), new Clip("clip", c, min, max, y));
        return new Graph("clipped", List.of(x), inits, nodes, exposeConv ? List.of(y, c) : List.of(y));
    }

    private static Value bound(String name, double v, Map<String, Tensor> inits) {
        inits.put(name, Tensor.scalar(ElementType.FLOAT, v));
        return new Value(name, TensorType.of(ElementType.FLOAT));
    }

    static Map<String, Tensor> input(long seed) {
        Random r = new Random(seed);
        float[] v = new float[CIN * H * H];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * r.nextGaussian());
        }
        return Map.of("x", Tensor.ofFloats(List.of(1, CIN, H, H), v));
    }

    static CompiledModel compile(Graph g, ChipConfig chip) {
        // Without scale migration: smoothing would put a host Mul before the conv that reads the graph
        // input, and this test checks the conv's own program (ScaleMigrationRunTest covers the migration).
        return ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(input(1), input(2)),
                CalibrationMethod.MINMAX, true).withoutScaleMigration(), new SimulatedTimer(chip));
    }

    /** Compiles and runs the clipped conv on {@code chip}; returns the layer's clamp. */
    private static NpuLayer.Clamp runsAsTheInterpreterClips(ChipConfig chip, Double lo, Double hi) {
        Graph g = convClip(lo, hi, false);
        CompiledModel model = compile(g, chip);
        assertEquals(1, model.partition().steps().size(), model.partition().text());
        NpuStep step = (NpuStep) model.partition().steps().get(0);
        assertEquals(List.of("conv", "clip"), step.layers().get(0).nodes());
        long clamps = model.segments().get(0).program().instructions().stream()
                .filter(i -> i instanceof Instruction.Valu v && v.op() == ValuOp.CLAMP).count();
        assertTrue(clamps >= 1, "no VALU CLAMP in the program");
        RunResult run = new ModelRunner(model).run(input(4));
        assertEquals(run.totalCycles(), TimingRuns.run(g, chip, new PlanCache()).metrics().cycles(), chip.name());

        QuantizedLayer q = model.layers().get("conv");
        NpuLayer clamped = q.npu();
        NpuLayer unclamped = new NpuLayer(clamped.name(), clamped.m(), clamped.k(), clamped.n(), clamped.weights(),
                clamped.lanes(), clamped.output());
        Im2col im2col = new ModelRunner(model).im2col(step.layers().get(0));
        int[] x = q.convX(im2col, input(4).get("x").toDoubles());
        TensorType type = step.layers().get(0).output().type();
        double[] free = q.output().decode(Im2col.toImage(
                NpuLayerReference.run(unclamped, x, chip.array(), chip.quant()), npukit.compiler.ir.ImageShape.of(type)));
        Graph clipOnly = new Graph("clip", List.of(new Value("c", type)), g.initializers(),
                List.of(g.nodes().get(1)), g.outputs().subList(0, 1));
        double[] clipped = Interpreter.run(clipOnly, Map.of("c", Tensor.fromDoubles(type, free))).get("y").toDoubles();
        int[] npuCodes = q.output().encode(run.outputs().get("y").toDoubles());
        assertArrayEquals(q.output().encode(clipped), npuCodes, chip.name());
        return clamped.clamp().orElseThrow();
    }

    @Test
    void relu6RunsAsOneLayerAndEqualsTheInterpretersClipOnEveryKindOfArray() {
        List<String> acting = new ArrayList<>();
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.edgeCmsis(), ChipPresets.eyeriss(),
                ChipPresets.vta())) {
            NpuLayer.Clamp c = runsAsTheInterpreterClips(chip, 0.0, 6.0);
            if (c.hi() < chip.quant().activationMax()) {
                acting.add(chip.name());
            }
        }
        // A power-of-two output scale leaves q(6) below the largest code: there the clamp's upper bound acts.
        assertTrue(acting.contains("vta"), acting.toString());
    }

    @Test
    void oneBoundAndBoundsThatClampNothing() {
        ChipConfig chip = ChipPresets.gemmini();
        NpuLayer.Clamp minOnly = runsAsTheInterpreterClips(chip, 0.5, null);
        assertEquals(chip.quant().activationMax(), minOnly.hi());
        NpuLayer.Clamp maxOnly = runsAsTheInterpreterClips(chip, null, 1.0);
        assertEquals(chip.quant().activationMin(), maxOnly.lo());
        // Bounds beyond the output range saturate to its ends: the clamp leaves every code as it is.
        assertEquals(new NpuLayer.Clamp(chip.quant().activationMin(), chip.quant().activationMax()),
                runsAsTheInterpreterClips(chip, -1e6, 1e6));
    }

    @Test
    void fusingTheClipDoesNotLoseAccuracy() {
        ChipConfig chip = ChipPresets.gemmini();
        Graph fused = convClip(0.0, 6.0, false);
        // With the conv's output also a graph output, the clip cannot fuse and runs on the host in float.
        Graph host = convClip(0.0, 6.0, true);
        CompiledModel hostModel = compile(host, chip);
        assertTrue(hostModel.partition().text().contains("host Clip clip"), hostModel.partition().text());
        double[] ref = Interpreter.run(fused, input(5)).get("y").toDoubles();
        double fusedSqnr = ErrorMetrics.of(ref, new ModelRunner(compile(fused, chip)).run(input(5)).outputs().get("y")
                .toDoubles()).sqnrDb();
        double hostSqnr = ErrorMetrics.of(ref, new ModelRunner(hostModel).run(input(5)).outputs().get("y").toDoubles())
                .sqnrDb();
        assertTrue(fusedSqnr >= hostSqnr, "fused " + fusedSqnr + " dB, host " + hostSqnr + " dB");
    }

    @Test
    void aLogChipKeepsTheClipOnTheHostWithItsReason() {
        CompiledModel log = compile(convClip(0.0, 6.0, false), ChipPresets.nnie());
        assertTrue(log.partition().text().contains("host Clip clip: %c, %lo, %hi -> %y  (on nnie the quant unit writes"
                + " log codes, which the VALU's CLAMP does not order as their values; float on the host)"),
                log.partition().text());
        new ModelRunner(log).run(input(4));
    }
}
