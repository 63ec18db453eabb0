package npukit.runner.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import npukit.compiler.data.ModelZoo;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.CalibrationMethod;
import npukit.runner.CompileSettings;
import npukit.runner.ModelSource;
import org.junit.jupiter.api.Test;

/**
 * The zoo models calibrate on inputs of their own that are never evaluated, and a source without such a
 * set calibrates on the first samples of its data.
 */
class HeldOutCalibrationTest {

    @Test
    void theCalibrationInputsAreNoneOfTheEvaluatedOnes() {
        assertTrue(Collections.disjoint(ZooModel.SENTENCES, ZooModel.CALIBRATION_SENTENCES));
        assertTrue(Collections.disjoint(ZooModel.PAGES, ZooModel.CALIBRATION_PAGES));
        assertTrue(Collections.disjoint(ZooModel.LINES, ZooModel.CALIBRATION_LINES));
        assertTrue(ZooModel.PAGES.stream().flatMap(List::stream).noneMatch(
                l -> ZooModel.CALIBRATION_PAGES.stream().anyMatch(p -> p.contains(l))));
    }

    @Test
    void aZooModelCompilesWithItsHeldOutInputsAndSaysSo() {
        ModelSource source = ZooModel.MINILM.load(ModelZoo.fromSystemProperty());
        assertEquals(ZooModel.SENTENCES.size(), source.samples().size());
        assertEquals(ZooModel.CALIBRATION_SENTENCES.size(), source.calibration().size());
        List<Map<String, Tensor>> used = new CompileSettings(3, CalibrationMethod.MINMAX).options(source).calibration();
        assertEquals(source.calibration().subList(0, 3).stream().map(ModelSource.Sample::inputs).toList(), used);
        for (Map<String, Tensor> in : used) {
            assertFalse(source.samples().stream().anyMatch(s -> s.inputs().equals(in)), "an evaluated input was calibrated");
        }
        assertEquals("3 held-out samples, none of them evaluated", source.calibrationText(3));
        assertEquals("8 held-out samples, none of them evaluated", source.calibrationText(20));

        ModelSource plain = new ModelSource(source.description(), source.graph(), source.samples(), source.quality());
        assertEquals(plain.samples().subList(0, 2).stream().map(ModelSource.Sample::inputs).toList(),
                new CompileSettings(2, CalibrationMethod.MINMAX).options(plain).calibration());
        assertEquals("the first 2 samples of the data", plain.calibrationText(2));
    }
}
