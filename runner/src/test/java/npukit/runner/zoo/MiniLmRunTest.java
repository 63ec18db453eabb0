package npukit.runner.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.data.ModelZoo;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Tensor;
import npukit.compiler.partition.DynamicStep;
import npukit.compiler.partition.IntegerStep;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import npukit.compiler.quant.CalibrationMethod;
import org.junit.jupiter.api.Test;

/**
 * all-MiniLM-L6-v2 int8 (fetched from Maven Central, cached) on the smallest preset, edge-cmsis (8 x 8):
 * every MatMulInteger, fed by DynamicQuantizeLinear's run-time zero point, runs on the NPU, and so do the
 * attention products, quantized at run time (cosine to float above 0.99); with those kept on the host by
 * name, the embedding equals the interpreter's bit for bit. The same ONNX file given as a path with no data runs
 * on seeded random inputs, its free dimensions bound to 1.
 */
class MiniLmRunTest {

    private static final ChipConfig CHIP = ChipPresets.edgeCmsis();
    private static final CompileSettings SETTINGS = new CompileSettings(1, CalibrationMethod.MINMAX);

    @Test
    void int8MatMulIntegersRunOnTheNpuBitExactly() {
        ModelSource source = ZooModel.MINILM_INT8.load(ModelZoo.fromSystemProperty());
        var compiled = ModelRuns.compile(source, CHIP, SETTINGS);
        long integerSteps = compiled.partition().steps().stream().filter(IntegerStep.class::isInstance).count();
        long matMulIntegers = compiled.graph().nodes().stream().filter(MatMulInteger.class::isInstance).count();
        assertEquals(36, matMulIntegers);
        assertEquals(matMulIntegers, integerSteps, compiled.partition().text());
        // Attention's two float products per layer run on the NPU too, quantized at run time.
        Set<String> attention = compiled.partition().steps().stream().filter(DynamicStep.class::isInstance)
                .map(s -> ((DynamicStep) s).node().name()).collect(Collectors.toSet());
        assertEquals(12, attention.size(), compiled.partition().text());
        ModelRun run = ModelRuns.run(source, compiled, List.of(source.samples().get(0)), () -> { });
        System.out.println("minilm-int8 on " + CHIP.name() + ": " + run.macs().text() + ", "
                + run.evaluation().cyclesPerInference() + " cycles, cosine " + run.quality().orElseThrow().mean());
        assertEquals(0, run.macs().host(), run.macs().text());
        assertTrue(run.quality().orElseThrow().mean() > 0.99, "cosine " + run.quality().orElseThrow().mean());

        // With attention kept on the host in float, the model's own integer path is all the NPU runs, and the
        // embedding equals the interpreter's bit for bit.
        var exact = ModelRuns.compile(source, CHIP, new CompileSettings(1, CalibrationMethod.MINMAX, attention,
                Double.NEGATIVE_INFINITY));
        ModelRun integerOnly = ModelRuns.run(source, exact, List.of(source.samples().get(0)), () -> { });
        Map<String, Tensor> inputs = source.samples().get(0).inputs();
        Tensor expected = Interpreter.run(exact.graph(), inputs).get("last_hidden_state");
        assertArrayEquals(expected.toDoubles(), integerOnly.first().outputs().get("last_hidden_state").toDoubles());
        assertEquals(1.0, integerOnly.quality().orElseThrow().mean(), 1e-12);
        assertTrue(integerOnly.macs().npuShare() > 0.99, integerOnly.macs().text());
    }

    @Test
    void anOnnxFileWithFreeDimensionsRunsOnRandomInputs() {
        var file = ModelZoo.fromSystemProperty().path(ModelZoo.Asset.MINILM_L6_V2_INT8);
        ModelSource source = ModelSource.resolve(file, null, 5, false, Map.of());
        assertEquals(1, source.samples().size());
        assertEquals(List.of(1, 1), source.graph().inputs().get(0).type().shape());
        assertTrue(source.description().contains("seeded random inputs"), source.description());
        ModelRun run = ModelRuns.run(source, ModelRuns.compile(source, CHIP, SETTINGS), source.samples(), () -> { });
        assertEquals(List.of(1, 1, 384), run.first().outputs().get("last_hidden_state").shape());
    }
}
