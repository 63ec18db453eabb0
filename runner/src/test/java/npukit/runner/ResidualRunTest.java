package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.HostStep;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import org.junit.jupiter.api.Test;

/**
 * Residual connections on the NPU: the Add of a ResNet basic block (and the ReLU after it) fused into
 * the convolution before it, the shortcut added in the accumulators (NpuLayer.residual). The runner
 * checks every program against the layer reference bit for bit; here the whole block must run without
 * a host step, stay close to float, and the timing-only compile must give the run's cycles.
 */
class ResidualRunTest {

    static final int C = 8;
    static final int H = 6;

    private static Value image(String name) {
        return new Value(name, new TensorType(ElementType.FLOAT, List.of(1, C, H, H), Layout.NCHW));
    }

    private static Tensor gaussian(Random rnd, double sigma, Integer... shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (sigma * rnd.nextGaussian());
        }
        return Tensor.ofFloats(List.of(shape), v);
    }

    /**
     * A basic block and the convolution reading its output, as the next block's would: x -> conv1 3x3 +
     * ReLU -> conv2 3x3 -> Add(shortcut) -> ReLU -> head 1x1 -> y. With
     * {@code projection} the shortcut is a 1x1 convolution of x that the graph computes after conv2 (as
     * torchvision's export orders a downsampling block), so the Add fuses into that convolution instead.
     * With {@code exposeBranch} conv2's output is a graph output too, so the Add cannot fuse.
     */
    static Graph block(boolean projection, boolean exposeBranch) {
        Random rnd = new Random(3);
        Value x = image("x");
        Map<String, Tensor> inits = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        ConvGeometry same = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, 1);
        Value h = conv("conv1", x, 3, same, rnd, inits, nodes);
        Value hr = image("h.relu");
        nodes.add(new ElementwiseUnary("relu1", UnaryFunction.Plain.RELU, h, hr));
        Value c2 = conv("conv2", hr, 3, same, rnd, inits, nodes);
        Value shortcut = x;
        if (projection) {
            shortcut = conv("down", x, 1, new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, 1), rnd, inits, nodes);
        }
        Value sum = image("sum");
        nodes.add(new ElementwiseBinary("add", BinaryFunction.ADD, c2, shortcut, sum));
        Value block = image("block");
        nodes.add(new ElementwiseUnary("relu2", UnaryFunction.Plain.RELU, sum, block));
        Value y = conv("head", block, 1, new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, 1), rnd, inits, nodes);
        return new Graph("block", List.of(x), inits, nodes, exposeBranch ? List.of(y, c2) : List.of(y));
    }

    private static Value conv(String name, Value in, int kernel, ConvGeometry geo, Random rnd, Map<String, Tensor> inits,
            List<Node> nodes) {
        inits.put(name + ".w", gaussian(rnd, 0.6 / kernel, C, C, kernel, kernel));
        inits.put(name + ".b", gaussian(rnd, 0.2, C));
        Value w = new Value(name + ".w", TensorType.of(ElementType.FLOAT, C, C, kernel, kernel));
        Value b = new Value(name + ".b", TensorType.of(ElementType.FLOAT, C));
        Value out = new Value(name + ".y", Conv2d.infer(name, in, w, geo));
        nodes.add(new Conv2d(name, in, w, Optional.of(b), out, geo));
        return out;
    }

    static Map<String, Tensor> input(long seed) {
        return Map.of("x", gaussian(new Random(seed), 1.0, 1, C, H, H));
    }

    private static CompiledModel compile(Graph g, ChipConfig chip, Map<String, Tensor> first, Map<String, Tensor> second) {
        // Without scale migration, whose host Muls (smoothing a graph input) would stand between the steps.
        return ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(first, second), CalibrationMethod.MINMAX, true)
                .withoutScaleMigration(), new SimulatedTimer(chip));
    }

    /** Compiles, runs and checks the graph on {@code chip}; returns the run's SQNR against float. */
    private static double runs(Graph g, ChipConfig chip, String fusedInto, List<String> nodes,
            Map<String, Tensor> first, Map<String, Tensor> second, Map<String, Tensor> test) {
        CompiledModel model = compile(g, chip, first, second);
        String text = model.partition().text();
        assertTrue(model.partition().steps().stream().noneMatch(HostStep.class::isInstance), text);
        NpuStep step = model.partition().steps().stream().filter(NpuStep.class::isInstance).map(NpuStep.class::cast)
                .filter(s -> s.layers().get(0).name().equals(fusedInto)).findFirst().orElseThrow(() -> new AssertionError(text));
        assertEquals(nodes, step.layers().get(step.layers().size() - 1).nodes(), text);
        assertTrue(text.contains(" + residual %"), text);
        assertTrue(model.segments().stream().anyMatch(s -> s.hasResidual()), chip.name());
        RunResult run = new ModelRunner(model).run(test);
        assertEquals(run.totalCycles(), TimingRuns.run(g, chip, new PlanCache()).metrics().cycles(), chip.name());
        String out = g.outputs().get(0).name();
        return ErrorMetrics.of(Interpreter.run(g, test).get(out).toDoubles(), run.outputs().get(out).toDoubles()).sqnrDb();
    }

    @Test
    void aBasicBlocksShortcutIsAddedInTheAccumulatorsOnEveryKindOfChip() {
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), PooledConvRunTest.inputStationaryGemmini(),
                ChipPresets.edgeCmsis(), ChipPresets.eyeriss(), ChipPresets.vta(), ChipPresets.nnie())) {
            double sqnr = runs(block(false, false), chip, "conv2", List.of("conv2", "add", "relu2"), input(1), input(2),
                    input(4));
            assertTrue(sqnr > 15, chip.name() + ": " + sqnr + " dB against float");
        }
    }

    @Test
    void theSumInTheAccumulatorsIsCloserToFloatThanTheHostsAddOfTwoRequantizedValues() {
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.vta())) {
            Graph fused = block(false, false);
            Graph host = block(false, true);
            CompiledModel hostModel = compile(host, chip, input(1), input(2));
            assertTrue(hostModel.partition().text().contains("host Add add"), hostModel.partition().text());
            double[] want = Interpreter.run(fused, input(5)).get("head.y").toDoubles();
            double fusedSqnr = ErrorMetrics.of(want, new ModelRunner(compile(fused, chip, input(1), input(2))).run(input(5))
                    .outputs().get("head.y").toDoubles()).sqnrDb();
            double hostSqnr = ErrorMetrics.of(want, new ModelRunner(hostModel).run(input(5)).outputs().get("head.y")
                    .toDoubles()).sqnrDb();
            System.out.printf("%-8s residual in the accumulators %.1f dB, Add on the host %.1f dB%n", chip.name(), fusedSqnr,
                    hostSqnr);
            assertTrue(fusedSqnr >= hostSqnr, chip.name() + ": fused " + fusedSqnr + " dB, host " + hostSqnr + " dB");
        }
    }

    @Test
    void aProjectionShortcutComputedAfterTheBranchTakesTheBranchAsItsResidual() {
        ChipConfig chip = ChipPresets.gemmini();
        double sqnr = runs(block(true, false), chip, "down", List.of("down", "add", "relu2"), input(1), input(2), input(4));
        assertTrue(sqnr > 20, sqnr + " dB against float");
    }

    /**
     * h [4, 16] -> MatMul W + bias -> Add(h) -> s, an MLP block's residual; s is read by a dense layer (or,
     * with {@code sumIsOutput}, is the graph's output, which reads it in float).
     */
    static Graph dense(boolean sumIsOutput) {
        Random rnd = new Random(9);
        Value h = new Value("h", TensorType.of(ElementType.FLOAT, 4, 16));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 16, 16));
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, 16));
        Value p = new Value("p", MatMul.infer("proj", h, w));
        Value pb = new Value("pb", p.type());
        Value s = new Value("s", p.type());
        Value y = new Value("y", p.type());
        Value w2 = new Value("w2", TensorType.of(ElementType.FLOAT, 16, 16));
        List<Node> nodes = new ArrayList<>(List.of(new MatMul("proj", h, w, p),
                new ElementwiseBinary("bias", BinaryFunction.ADD, p, b, pb),
                new ElementwiseBinary("residual", BinaryFunction.ADD, h, pb, s)));
        if (!sumIsOutput) {
            nodes.add(new MatMul("next", s, w2, y));
        }
        return new Graph("dense", List.of(h), Map.of("w", gaussian(rnd, 0.25, 16, 16), "b", gaussian(rnd, 0.1, 16),
                "w2", gaussian(rnd, 0.25, 16, 16)), nodes, List.of(sumIsOutput ? s : y));
    }

    @Test
    void aResidualAfterADenseLayer() {
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.edgeCmsis())) {
            double sqnr = runs(dense(false), chip, "proj", List.of("proj", "bias", "residual"), dense(1), dense(2),
                    dense(4));
            assertTrue(sqnr > 25, chip.name() + ": " + sqnr + " dB against float");
        }
    }

    @Test
    void aSumReadInFloatKeepsItsAddOnTheHost() {
        // Fused, the sum would be written at the output's code step where the host's Add keeps it in float.
        CompiledModel model = compile(dense(true), ChipPresets.gemmini(), dense(1), dense(2));
        String text = model.partition().text();
        assertFalse(text.contains("+ residual"), text);
        assertTrue(text.contains("host Add residual: %h, %pb -> %s  (not a residual: ") && text.contains("a graph output"),
                text);
    }

    private static Map<String, Tensor> dense(long seed) {
        return Map.of("h", gaussian(new Random(seed), 1.0, 4, 16));
    }

    @Test
    void anAddOfTwoValuesTheProductDoesNotPrecedeStaysOnTheHost() {
        // x + x after the conv's own output: the Add reads the product twice, which is not a residual.
        Value x = image("x");
        Random rnd = new Random(5);
        Map<String, Tensor> inits = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        Value c = conv("conv", x, 1, new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, 1), rnd, inits, nodes);
        Value y = image("y");
        nodes.add(new ElementwiseBinary("double", BinaryFunction.ADD, c, c, y));
        CompiledModel model = compile(new Graph("twice", List.of(x), inits, nodes, List.of(y)), ChipPresets.gemmini(),
                input(1), input(2));
        assertFalse(model.partition().text().contains("+ residual"), model.partition().text());
        assertTrue(model.partition().text().contains("host Add double"), model.partition().text());
    }
}
