package npukit.runner.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.data.ModelZoo;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Tensor;
import npukit.compiler.partition.IntegerStep;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import npukit.compiler.quant.CalibrationMethod;
import org.junit.jupiter.api.Test;

/**
 * all-MiniLM-L6-v2 int8 (fetched from Maven Central, cached) on the smallest preset, edge-cmsis (8 x 8):
 * every MatMulInteger, fed by DynamicQuantizeLinear's run-time zero point, runs on the NPU, and the
 * embedding equals the interpreter's bit for bit. The same ONNX file given as a path with no data runs
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
        ModelRun run = ModelRuns.run(source, compiled, List.of(source.samples().get(0)), () -> { });
        Map<String, Tensor> inputs = source.samples().get(0).inputs();
        Tensor expected = Interpreter.run(compiled.graph(), inputs).get("last_hidden_state");
        assertArrayEquals(expected.toDoubles(), run.first().outputs().get("last_hidden_state").toDoubles());
        assertEquals(1.0, run.quality().orElseThrow().mean(), 1e-12);
        System.out.println("minilm-int8 on " + CHIP.name() + ": " + run.macs().text() + ", "
                + run.evaluation().cyclesPerInference() + " cycles");
        assertTrue(run.macs().npuShare() > 0.99, run.macs().text());
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
