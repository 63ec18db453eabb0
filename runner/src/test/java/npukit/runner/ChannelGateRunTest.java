package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.numerics.ErrorMetrics;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import org.junit.jupiter.api.Test;

/**
 * A squeeze-and-excitation gate, {@code y = x * g} with g one value per image and channel, on the NPU
 * as a dynamic product (ChannelGate): per image and bundle of channels, the bundle's pixels times the
 * diagonal of its gates, both quantized at run time. The runner checks every run against the layer
 * reference bit for bit; here the result must stay close to float, the timing-only compile must give
 * the run's cycles, and a Mul that is not a gate stays on the host.
 */
class ChannelGateRunTest {

    static final int C = 20;
    static final int H = 5;

    /** x [images, 20, 5, 5] * g [gates, 20, 1, 1] -> y, both graph inputs. */
    static Graph gate(int images, int gates) {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(images, C, H, H), Layout.NCHW));
        Value g = new Value("g", new TensorType(ElementType.FLOAT, List.of(gates, C, 1, 1), Layout.NCHW));
        Value y = new Value("y", x.type());
        return new Graph("gate", List.of(x, g), Map.of(), List.of(new ElementwiseBinary("gate", BinaryFunction.MUL, x, g, y)),
                List.of(y));
    }

    static Map<String, Tensor> input(int images, int gates, long seed) {
        Random r = new Random(seed);
        float[] x = new float[images * C * H * H];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * r.nextGaussian());
        }
        float[] g = new float[gates * C];
        for (int i = 0; i < g.length; i++) {
            // A sigmoid's range.
            g[i] = r.nextFloat();
        }
        return Map.of("x", Tensor.ofFloats(List.of(images, C, H, H), x), "g", Tensor.ofFloats(List.of(gates, C, 1, 1), g));
    }

    private static double runs(ChipConfig chip, int images, int gates) {
        Graph graph = gate(images, gates);
        CompiledModel model = ModelCompiler.compile(graph, chip, new CompileOptions(1, List.of(input(images, gates, 1)),
                CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
        assertEquals("""
                partition gate
                npu  dynamic Mul gate: %x, %g -> %y (a channel gate: operands quantized at run time)
                """, model.partition().text(), chip.name());
        int width = Math.min(C, Math.min(chip.array().rows(), chip.array().cols()));
        RunResult run = new ModelRunner(model).run(input(images, gates, 4));
        assertEquals(images * ((C + width - 1) / width), run.programs().size(), "one run per image and bundle");
        assertEquals(run.totalCycles(), TimingRuns.run(graph, chip, new PlanCache()).metrics().cycles(), chip.name());
        double sqnr = ErrorMetrics.of(Interpreter.run(graph, input(images, gates, 4)).get("y").toDoubles(),
                run.outputs().get("y").toDoubles()).sqnrDb();
        System.out.printf("%-10s gate of %d image(s), %d gate(s): %d runs, %d cycles, %.1f dB against float%n", chip.name(),
                images, gates, run.programs().size(), run.totalCycles(), sqnr);
        return sqnr;
    }

    @Test
    void aGateRunsOnEveryKindOfArrayInBundlesOfItsChannels() {
        // gemmini: 16 + 4 channels (the last bundle padded); edge-cmsis (8x8, OS): 8 + 8 + 4; eyeriss 12 + 8.
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), PooledConvRunTest.inputStationaryGemmini(),
                ChipPresets.edgeCmsis(), ChipPresets.eyeriss(), ChipPresets.vta())) {
            double sqnr = runs(chip, 1, 1);
            assertTrue(sqnr > 30, chip.name() + ": " + sqnr + " dB against float");
        }
    }

    @Test
    void twoImagesWithTheirOwnGatesOrOneGateForBoth() {
        ChipConfig chip = ChipPresets.gemmini();
        assertTrue(runs(chip, 2, 2) > 35);
        assertTrue(runs(chip, 2, 1) > 35);
    }

    @Test
    void aMulOfTwoImagesIsNoGateAndStaysOnTheHost() {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, C, H, H), Layout.NCHW));
        Value z = new Value("z", x.type());
        Value y = new Value("y", x.type());
        Graph g = new Graph("product", List.of(x, z), Map.of(), List.of(new ElementwiseBinary("mul", BinaryFunction.MUL, x, z,
                y)), List.of(y));
        assertEquals("""
                partition product
                host Mul mul: %x, %z -> %y  (not a channel gate (an [N, C, H, W] activation times an [N, C, 1, 1] one, which the array runs as a depthwise product); float on the host)
                """, npukit.compiler.partition.Partitioner.partition(g, true).text());
    }
}
