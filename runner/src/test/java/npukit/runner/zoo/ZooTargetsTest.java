package npukit.runner.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.data.ModelZoo;
import npukit.compiler.quant.CalibrationMethod;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import org.junit.jupiter.api.Test;

/**
 * The real models' quality targets on a per-channel int8 preset (edge-cmsis, the smallest), as a user runs
 * them: default options, calibrated on the zoo's held-out inputs, every evaluated input scored, every MAC
 * on the NPU. Cosine of MiniLM's sentence embedding to float's at least 0.99, IoU of detection's binarized
 * text map at least 0.9, every recognized line read as float reads it.
 */
class ZooTargetsTest {

    private static final ChipConfig CHIP = ChipPresets.edgeCmsis();

    private static ModelRun run(ZooModel model) {
        ModelSource source = model.load(ModelZoo.fromSystemProperty());
        ModelRun run = ModelRuns.run(source, ModelRuns.compile(source, CHIP, new CompileSettings(8, CalibrationMethod.MINMAX)),
                source.samples(), () -> { });
        System.out.println(model.cliName() + " on " + CHIP.name() + ", held-out calibration: "
                + run.quality().orElseThrow().mean() + "; " + run.macs().text());
        assertEquals(0, run.macs().host(), run.macs().text());
        assertEquals(source.samples().size(), run.quality().orElseThrow().samples());
        return run;
    }

    @Test
    void miniLmEmbedsAsFloatDoes() {
        double cosine = run(ZooModel.MINILM).quality().orElseThrow().mean();
        assertTrue(cosine >= 0.99, "cosine " + cosine);
    }

    @Test
    void detectionFindsFloatsTextPixels() {
        double iou = run(ZooModel.PADDLEOCR_DET).quality().orElseThrow().mean();
        assertTrue(iou >= 0.9, "IoU " + iou);
    }

    @Test
    void recognitionReadsEveryLineAsFloatDoes() {
        double read = run(ZooModel.PADDLEOCR_REC).quality().orElseThrow().mean();
        assertEquals(1.0, read, 1e-12, "share of lines read as float reads them");
    }
}
