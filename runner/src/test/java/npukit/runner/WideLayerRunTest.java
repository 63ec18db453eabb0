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
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.MacCount;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import npukit.results.LayerRecord;
import org.junit.jupiter.api.Test;

/**
 * A layer too wide for the chip's buffers (MiniLM's FFN expansion, 16 x 384 x 1536, on edge-cmsis, whose
 * 16 KiB accumulator memory cannot hold the QUANT parameter sets of all 1536 columns) runs on the NPU
 * as column parts in one program: the runner checks it against the parts' layer reference as it runs,
 * the output stays close to float's, and the timing-only compile gives the run's cycles.
 */
class WideLayerRunTest {

    private static final int M = 16;
    private static final int K = 384;
    private static final int N = 1536;

    static Graph wide() {
        Random rnd = new Random(8);
        float[] w = new float[K * N];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextGaussian() / Math.sqrt(K));
        }
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, M, K));
        Value wv = new Value("w", TensorType.of(ElementType.FLOAT, K, N));
        Value y = new Value("y", TensorType.of(ElementType.FLOAT, M, N));
        return new Graph("wide", List.of(x), Map.of("w", Tensor.ofFloats(List.of(K, N), w)), List.of(new MatMul("ffn", x, wv, y)),
                List.of(y));
    }

    static Map<String, Tensor> input(long seed) {
        Random r = new Random(seed);
        float[] v = new float[M * K];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Map.of("x", Tensor.ofFloats(List.of(M, K), v));
    }

    @Test
    void aLayerNoTilingFitsRunsAsColumnParts() {
        ChipConfig chip = ChipPresets.edgeCmsis();
        Graph g = wide();
        CompiledModel model = ModelCompiler.compile(g, chip,
                new CompileOptions(1, List.of(input(1), input(2)), CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
        assertEquals(0, MacCount.of(model.partition()).host(), model.partition().text());
        int parts = model.segments().get(0).plans().size();
        assertTrue(parts > 1, "parts: " + parts);
        RunResult run = new ModelRunner(model).run(input(2));
        double sqnr = ErrorMetrics.of(Interpreter.run(g, input(2)).get("y").toDoubles(),
                run.outputs().get("y").toDoubles()).sqnrDb();
        System.out.printf("wide layer on %s: %d column parts, output SQNR %.1f dB, %d cycles%n", chip.name(), parts, sqnr,
                run.totalCycles());
        assertTrue(sqnr > 30, "output SQNR " + sqnr + " dB");
        // Smoothing puts a per-channel Mul before the layer on this per-channel chip; the layer's record follows.
        LayerRecord record = LayerRecords.of(model, run).stream().filter(r -> r.layer().equals("ffn")).findFirst()
                .orElseThrow();
        assertTrue(record.mapping().orElseThrow().tiling().startsWith(parts + " bundles, each "), record.toString());
        assertTrue(record.measured().orElseThrow().simulatedCycles() > 0.99 * run.totalCycles(), record.toString());
        assertEquals(run.totalCycles(), TimingRuns.run(g, chip, new PlanCache()).metrics().cycles());
    }
}
