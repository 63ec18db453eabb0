package npukit.runner;

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
import npukit.compiler.ir.BatchNormalization;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ConvTranspose2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.GlobalAveragePool;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.MacCount;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import org.junit.jupiter.api.Test;

/**
 * A mobile network's block as Paddle exports it (PP-LCNet): a convolution with a learnable affine
 * block (Mul, Add), a HardSwish spelled as four nodes, a squeeze-and-excitation gate (global average
 * pool, two 1x1 convolutions, HardSigmoid, Mul) and an upsampling head (a 2x2 stride-2 ConvTranspose
 * without bias, then the bias Add, BatchNorm and ReLU). After the standard passes every MAC of it runs on
 * the NPU; the runner checks each program's output against its layer reference as it runs, the output
 * stays close to float's, and the timing-only compile from the same graph gives the run's cycles.
 */
class MobileBlockRunTest {

    private static final int C = 8;
    private static final int H = 8;

    private static final class Builder {
        final Random rnd = new Random(21);
        final Map<String, Tensor> inits = new HashMap<>();
        final List<Node> nodes = new ArrayList<>();

        Value constant(String name, List<Integer> shape, double lo, double hi) {
            int count = shape.stream().reduce(1, (a, b) -> a * b);
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
                v[i] = (float) (lo + rnd.nextDouble() * (hi - lo));
            }
            inits.put(name, Tensor.ofFloats(shape, v));
            return new Value(name, TensorType.of(ElementType.FLOAT, shape.stream().mapToInt(Integer::intValue).toArray()));
        }

        Value scalar(String name, double v) {
            inits.put(name, Tensor.scalar(ElementType.FLOAT, v));
            return new Value(name, TensorType.of(ElementType.FLOAT));
        }

        Value conv(String name, Value x, int cout, int k) {
            int cin = x.type().dim(1);
            Value w = constant(name + ".w", List.of(cout, cin, k, k), -0.5, 0.5);
            Value b = constant(name + ".b", List.of(cout), -0.2, 0.2);
            ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(k / 2, k / 2, k / 2, k / 2), Size2d.ONE, 1);
            Value y = new Value(name, Conv2d.infer(name, x, w, geo));
            nodes.add(new Conv2d(name, x, w, Optional.of(b), y, geo));
            return y;
        }

        /** An image's values are NCHW, as the importer declares them; a constant first operand leaves none. */
        Value binary(String name, BinaryFunction f, Value a, Value b) {
            TensorType t = ElementwiseBinary.infer(name, f, a, b);
            Value y = new Value(name, new TensorType(t.elementType(), t.shape(), Layout.NCHW));
            nodes.add(new ElementwiseBinary(name, f, a, b, y));
            return y;
        }

        Value unary(String name, UnaryFunction f, Value x) {
            Value y = new Value(name, x.type());
            nodes.add(new ElementwiseUnary(name, f, x, y));
            return y;
        }
    }

    /** The block with a k x k stride-2 upsampling head: pads p on every side, output padding op. */
    static Graph block(int k, int p, int op) {
        Builder g = new Builder();
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 4, H, H), Layout.NCHW));
        Value conv = g.conv("conv", x, C, 3);
        Value scaled = g.binary("affine.mul", BinaryFunction.MUL, g.scalar("affine.s", 1.7), conv);
        Value shifted = g.binary("affine.add", BinaryFunction.ADD, scaled, g.scalar("affine.t", 0.3));
        Value plus3 = g.binary("hs.add", BinaryFunction.ADD, shifted, g.scalar("three", 3));
        Value relu6 = new Value("hs.clip", plus3.type());
        g.nodes.add(new Clip("hs.clip", plus3, Optional.of(g.scalar("zero", 0)), Optional.of(g.scalar("six", 6)), relu6));
        Value times = g.binary("hs.mul", BinaryFunction.MUL, shifted, relu6);
        Value a = g.binary("hs.div", BinaryFunction.DIV, times, g.scalar("six.d", 6));

        Value pooled = new Value("se.pool", GlobalAveragePool.infer("se.pool", a));
        g.nodes.add(new GlobalAveragePool("se.pool", a, pooled));
        Value squeeze = g.unary("se.relu", UnaryFunction.Plain.RELU, g.conv("se.down", pooled, 4, 1));
        Value gate = g.unary("se.gate", new UnaryFunction.HardSigmoid(0.2f, 0.5f), g.conv("se.up", squeeze, C, 1));
        Value b = g.binary("se.mul", BinaryFunction.MUL, a, gate);

        Value w = g.constant("up.w", List.of(C, 2, k, k), -0.5, 0.5);
        ConvGeometry stride2 = new ConvGeometry(new Size2d(2, 2), new Pads2d(p, p, p, p), Size2d.ONE, 1);
        Value up = new Value("up", ConvTranspose2d.infer("up", b, w, stride2, op, op));
        g.nodes.add(new ConvTranspose2d("up", b, w, Optional.empty(), up, stride2, op, op));
        Value biased = g.binary("up.add", BinaryFunction.ADD, up, g.constant("up.bias", List.of(2, 1, 1), -0.2, 0.2));
        Value normed = new Value("up.bn", biased.type());
        g.nodes.add(new BatchNormalization("up.bn", biased, g.constant("bn.gamma", List.of(2), 0.5, 1.5),
                g.constant("bn.beta", List.of(2), -0.2, 0.2), g.constant("bn.mean", List.of(2), -0.1, 0.1),
                g.constant("bn.var", List.of(2), 0.5, 1.5), normed, 1e-5f));
        Value y = new Value("y", normed.type());
        g.nodes.add(new ElementwiseUnary("up.relu", UnaryFunction.Plain.RELU, normed, y));
        return new Graph("mobile", List.of(x), g.inits, g.nodes, List.of(y));
    }

    static Map<String, Tensor> input(long seed) {
        Random r = new Random(seed);
        float[] v = new float[4 * H * H];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Map.of("x", Tensor.ofFloats(List.of(1, 4, H, H), v));
    }

    @Test
    void everyMacRunsOnTheNpuExactlyAndCloseToFloat() {
        Graph g = block(2, 0, 0);
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.ascendCube(), ChipPresets.edgeCmsis())) {
            runsOnTheNpu(g, chip);
        }
    }

    /**
     * The 3x3 stride-2 upsampling of FCN and decoder heads (pad 1, output padding 1: exactly twice the
     * size) runs on the array as a convolution to the four output phases; DepthToSpace and the crop move
     * codes on the host.
     */
    @Test
    void aTransposedConvolutionWhoseKernelIsNotItsStrideRunsOnTheArrayToo() {
        Graph g = block(3, 1, 1);
        ChipConfig chip = ChipPresets.edgeCmsis();
        String plan = runsOnTheNpu(g, chip);
        assertTrue(plan.contains("host Slice up.crop:"), plan);
    }

    private static String runsOnTheNpu(Graph g, ChipConfig chip) {
        CompiledModel model = ModelCompiler.compile(g, chip,
                new CompileOptions(1, List.of(input(1), input(2), input(3)), CalibrationMethod.MINMAX, true),
                new SimulatedTimer(chip));
        String plan = model.partition().text();
        MacCount macs = MacCount.of(model.partition());
        assertEquals(0, macs.host(), plan);
        for (String layer : List.of("npu  conv conv:", "npu  dense se.pool:", "npu  conv se.down+se.relu:",
                "npu  conv se.up+se.gate:", "npu  conv up+up.relu:")) {
            assertTrue(plan.contains(layer), chip.name() + " has no " + layer + "\n" + plan);
        }
        assertTrue(plan.contains("host HardSwish hs.div:"), plan);

        RunResult run = new ModelRunner(model).run(input(4));
        double[] ref = Interpreter.run(g, input(4)).get("y").toDoubles();
        double sqnr = ErrorMetrics.of(ref, run.outputs().get("y").toDoubles()).sqnrDb();
        System.out.printf("mobile block on %s: output SQNR %.1f dB, %d cycles%n", chip.name(), sqnr, run.totalCycles());
        // Measured 33.6 dB on gemmini, 35.9 dB on ascend-cube and edge-cmsis: five int8 layers in a row.
        assertTrue(sqnr > 28, chip.name() + ": output SQNR " + sqnr + " dB");
        assertEquals(run.totalCycles(), TimingRuns.run(g, chip, new PlanCache()).metrics().cycles(), chip.name());
        return plan;
    }
}
