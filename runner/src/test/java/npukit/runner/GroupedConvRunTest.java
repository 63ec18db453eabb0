package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.GroupBundles;
import npukit.compiler.lower.NpuLayer;
import npukit.compiler.lower.NpuLayerReference;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import org.junit.jupiter.api.Test;

/**
 * Grouped and depthwise convolutions on the simulator: one program per layer, its bundles side by side.
 * The runner checks every program's Y against the bundles' layer reference; here the bundles' reference
 * is also checked against the whole block-diagonal layer's (the bundling loses nothing), and the result
 * against the float interpreter.
 */
class GroupedConvRunTest {

    static Graph grouped(int c, int groups, int stride) {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, c, 7, 7), Layout.NCHW));
        int perGroup = c / groups;
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, c, perGroup, 3, 3));
        ConvGeometry geo = new ConvGeometry(new Size2d(stride, stride), new Pads2d(1, 1, 1, 1), Size2d.ONE, groups);
        Value y = new Value("y", Conv2d.infer("gc", x, w, geo));
        Random r = new Random(groups * 31L + c);
        float[] weights = new float[c * perGroup * 9];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) r.nextGaussian();
        }
        float[] bias = new float[c];
        for (int i = 0; i < c; i++) {
            bias[i] = (float) (0.1 * r.nextGaussian());
        }
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, c));
        Map<String, Tensor> inits = Map.of("w", Tensor.ofFloats(List.of(c, perGroup, 3, 3), weights),
                "b", Tensor.ofFloats(List.of(c), bias));
        return new Graph("g", List.of(x), inits, List.of(new Conv2d("gc", x, w, Optional.of(b), y, geo)), List.of(y));
    }

    static Map<String, Tensor> input(int c, long seed) {
        Random r = new Random(seed);
        float[] v = new float[c * 49];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Map.of("x", Tensor.ofFloats(List.of(1, c, 7, 7), v));
    }

    private static void runsExactly(ChipConfig chip, int c, int groups, int stride) {
        Graph g = grouped(c, groups, stride);
        List<Map<String, Tensor>> calibration = List.of(input(c, 1), input(c, 2));
        CompiledModel model = ModelCompiler.compile(g, chip, new CompileOptions(1, calibration, CalibrationMethod.MINMAX,
                true), new SimulatedTimer(chip));
        assertTrue(model.partition().steps().get(0) instanceof NpuStep, model.partition().text());
        assertEquals(1, model.segments().size());
        NpuLayer full = model.layers().get("gc").npu();
        List<NpuLayer> bundles = ModelCompiler.bundles(chip, model.partition().layers().get(0), full);
        assertEquals(bundles.size(), model.segments().get(0).layerRanges().size());
        int[] x = new Random(3).ints((long) full.m() * full.k(), -20, 21).toArray();
        assertArrayEquals(NpuLayerReference.run(full, x, chip.array(), chip.quant()),
                GroupBundles.reference(bundles, x, chip.array(), chip.quant()));
        // The runner throws if the simulated program differs from the bundles' reference by one code.
        RunResult run = new ModelRunner(model).run(input(c, 4));
        assertEquals(1, run.programs().size());
        // The timing-only compile from shapes alone builds the same program, so its cycles are the run's.
        assertEquals(run.totalCycles(), TimingRuns.run(g, chip, new PlanCache()).metrics().cycles(), chip.name());
        double[] npu = run.outputs().get("y").toDoubles();
        double[] ref = Interpreter.run(g, input(c, 4)).get("y").toDoubles();
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < ref.length; i++) {
            signal += ref[i] * ref[i];
            noise += (npu[i] - ref[i]) * (npu[i] - ref[i]);
        }
        assertTrue(10 * Math.log10(signal / noise) > 20, "SQNR " + 10 * Math.log10(signal / noise));
    }

    @Test
    void depthwiseRunsAsOneProgramOnEveryKindOfArray() {
        List<String> chips = new ArrayList<>();
        for (ChipConfig chip : List.of(ChipPresets.ascendCube(), ChipPresets.gemmini(), ChipPresets.edgeCmsis(),
                ChipPresets.eyeriss())) {
            runsExactly(chip, 24, 24, 1);
            chips.add(chip.name());
        }
        assertEquals(4, chips.size());
    }

    @Test
    void groupedWithSeveralChannelsPerGroupAndStrideTwo() {
        runsExactly(ChipPresets.ascendCube(), 12, 3, 2);
        runsExactly(ChipPresets.edgeCmsis(), 12, 4, 2);
    }
}
