package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import org.junit.jupiter.api.Test;

/**
 * Input smoothing and output scaling on the simulator, on a dense layer with one outlier input channel
 * (30 times the others, as after a transformer's LayerNorm) and one outlier output channel (its weights
 * 20 times the others'), then a host Mul and a second layer: smoothing raises the SQNR against float,
 * and output scaling on top of it raises it more;
 * the plan names the host Muls; a chip with per-tensor weights is left as it was.
 */
class ScaleMigrationRunTest {

    private static final int TOKENS = 16;
    private static final int K = 32;
    private static final int N = 16;
    private static final OptionalDouble STRENGTH = OptionalDouble.of(CompileOptions.DEFAULT_OUTPUT_STRENGTH);

    static Graph dense() {
        Random r = new Random(11);
        float[] w = new float[K * N];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * r.nextGaussian() * (i % N == 3 ? 20 : 1));
        }
        float[] b = new float[N];
        for (int j = 0; j < N; j++) {
            b[j] = (float) (0.05 * r.nextGaussian());
        }
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, 1, TOKENS, K));
        Value wv = new Value("w", TensorType.of(ElementType.FLOAT, K, N));
        Value bv = new Value("b", TensorType.of(ElementType.FLOAT, N));
        Value z = new Value("z", TensorType.of(ElementType.FLOAT, 1, TOKENS, N));
        Value y = new Value("y", z.type());
        Value twice = new Value("r", z.type());
        Value two = new Value("two", TensorType.of(ElementType.FLOAT, 1));
        Value w2 = new Value("w2", TensorType.of(ElementType.FLOAT, N, N));
        Value out = new Value("out", z.type());
        // Then a host Mul (2 y) and a second layer that brings channel 3 back to the others' size (a
        // diagonal of 1, 1/20 at channel 3), so that y is read by the host and another layer: it is not the
        // model's head, which is not output-scaled, and the output's channels weigh alike in its SQNR.
        float[] diagonal = new float[N * N];
        for (int j = 0; j < N; j++) {
            diagonal[j * N + j] = j == 3 ? 0.05f : 1;
        }
        return new Graph("dense", List.of(x), Map.of("w", Tensor.ofFloats(List.of(K, N), w), "b",
                Tensor.ofFloats(List.of(N), b), "w2", Tensor.ofFloats(List.of(N, N), diagonal), "two",
                Tensor.ofFloats(List.of(1), 2f)), List.of(
                new MatMul("mm", x, wv, z),
                new ElementwiseBinary("add", BinaryFunction.ADD, z, bv, y),
                new ElementwiseBinary("twice", BinaryFunction.MUL, y, two, twice),
                new MatMul("next", twice, w2, out)), List.of(out));
    }

    static Map<String, Tensor> input(long seed) {
        Random r = new Random(seed);
        float[] v = new float[TOKENS * K];
        for (int i = 0; i < v.length; i++) {
            // Uniform, so that the calibration samples span what the test feeds (nothing is clipped).
            v[i] = (float) ((r.nextDouble() * 2 - 1) * (i % K == 5 ? 30 : 1));
        }
        return Map.of("x", Tensor.ofFloats(List.of(1, TOKENS, K), v));
    }

    private static CompiledModel compile(ChipConfig chip, OptionalDouble alpha, OptionalDouble scaleOutputs) {
        return ModelCompiler.compile(dense(), chip, new CompileOptions(1, List.of(input(1), input(2), input(3)),
                CalibrationMethod.MINMAX, true, Set.of(), Double.NEGATIVE_INFINITY, alpha, scaleOutputs),
                new SimulatedTimer(chip));
    }

    /** SQNR in dB of the simulated output against the float graph's, over three fresh inputs. */
    private static double sqnr(CompiledModel model) {
        double signal = 0;
        double noise = 0;
        for (long seed = 4; seed <= 6; seed++) {
            double[] npu = new ModelRunner(model).run(input(seed)).outputs().get("out").toDoubles();
            double[] ref = Interpreter.run(dense(), input(seed)).get("out").toDoubles();
            for (int i = 0; i < ref.length; i++) {
                signal += ref[i] * ref[i];
                noise += (npu[i] - ref[i]) * (npu[i] - ref[i]);
            }
        }
        return 10 * Math.log10(signal / noise);
    }

    @Test
    void smoothingAndOutputScalingEachRaiseTheSqnrOnAPerChannelChip() {
        ChipConfig chip = ChipPresets.ascendCube();
        CompiledModel plain = compile(chip, OptionalDouble.empty(), OptionalDouble.empty());
        CompiledModel smoothed = compile(chip, OptionalDouble.of(0.5), OptionalDouble.empty());
        CompiledModel scaled = compile(chip, OptionalDouble.empty(), STRENGTH);
        CompiledModel both = compile(chip, OptionalDouble.of(CompileOptions.DEFAULT_SMOOTH_ALPHA), STRENGTH);
        double p = sqnr(plain);
        double s = sqnr(smoothed);
        double o = sqnr(scaled);
        double b = sqnr(both);
        String all = String.format("SQNR plain %.1f, smoothed %.1f, output-scaled %.1f, both %.1f dB", p, s, o, b);
        System.out.println(all);
        // Measured: 27.9, 29.3, 27.8, 35.3 dB (27.5 and 34.4 at strength 1). Output scaling alone does not help
        // here: the host re-encodes 2 y for the second layer, whose input step channel 3 then sets, until
        // smoothing evens that input too.
        assertTrue(s > p + 1, all);
        assertTrue(b > Math.max(s, o) + 4, all);
        String plan = both.partition().text();
        assertTrue(plan.contains("host Mul mm.smooth: %x, %mm.smooth_scale -> %x.smoothed  (smoothing, alpha 0.5: "
                + "divides X per channel by the scales folded into mm's weights)"), plan);
        assertTrue(plan.contains("host Mul add.unscale: %y.scaled, %mm.output_scale -> %y  (output scaling: multiplies "
                + "mm's output per channel by the scales divided out of its weights)"), plan);
        assertTrue(plan.contains("host Mul next.smooth: %r, %next.smooth_scale -> %r.smoothed"), plan);
        assertTrue(!plan.contains("next.unscale"), plan);
        assertEquals(3, plain.partition().steps().size(), plain.partition().text());
    }

    @Test
    void aChipWithPerTensorWeightsCompilesTheGraphUnchanged() {
        ChipConfig chip = ChipPresets.gemmini();
        CompiledModel byDefault = compile(chip, OptionalDouble.of(0.5), STRENGTH);
        CompiledModel off = compile(chip, OptionalDouble.empty(), OptionalDouble.empty());
        assertEquals(off.graph().text(), byDefault.graph().text());
        assertEquals(off.partition().text(), byDefault.partition().text());
    }
}
