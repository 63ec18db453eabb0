package npukit.runner.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.data.ModelZoo;
import npukit.compiler.partition.HostStep;
import npukit.compiler.quant.CalibrationMethod;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import org.junit.jupiter.api.Test;

/**
 * PP-OCRv4 recognition (fetched from npm, cached) on the smallest preset, edge-cmsis: a line of text
 * rendered with Java2D is read by float as rendered, and every MAC runs on the NPU, the classifier layer
 * whose 6625 columns no tiling fits as column parts. PP-OCRv4 detection on
 * ascend-cube with --min-layer-sqnr 30: the few convolutions that quantize badly stay in float and the
 * text map agrees with float (IoU 0.72 with every layer on the NPU, 0.99 with them kept, measured on the
 * two rendered pages).
 */
class PaddleOcrRunTest {

    private static final ChipConfig CHIP = ChipPresets.edgeCmsis();

    @Test
    void recognitionRunsWithTheClassifierAsColumnParts() {
        ModelSource all = ZooModel.PADDLEOCR_REC.load(ModelZoo.fromSystemProperty());
        ModelSource source = new ModelSource(all.description(), all.graph(), List.of(all.samples().get(0)), all.quality());
        var compiled = ModelRuns.compile(source, CHIP, new CompileSettings(1, CalibrationMethod.MINMAX));
        ModelRun run = ModelRuns.run(source, compiled, source.samples(), () -> { });
        String shown = run.quality().orElseThrow().first();
        System.out.println("paddleocr-rec on " + CHIP.name() + ": " + shown + "; " + run.macs().text());
        assertTrue(shown.startsWith("float reads \"Hello World"), shown);
        // The classifier's 6625 columns: no tiling of the whole layer fits, its column parts run on the NPU.
        assertEquals(0, run.macs().host(), compiled.partition().text());
        String classifier = compiled.partition().layers().stream().filter(l -> l.n() == 6625).findFirst().orElseThrow().name();
        assertTrue(compiled.segments().stream().anyMatch(s -> s.plans().size() > 1
                && s.plans().get(0).layer().startsWith(classifier + "#")), classifier + " did not run as column parts");
        assertEquals(1, run.quality().orElseThrow().samples());
    }

    @Test
    void detectionWithBadLayersKeptOnTheHostAgreesWithFloat() {
        ChipConfig chip = ChipPresets.ascendCube();
        ModelSource all = ZooModel.PADDLEOCR_DET.load(ModelZoo.fromSystemProperty());
        ModelSource source = new ModelSource(all.description(), all.graph(), List.of(all.samples().get(0)), all.quality());
        var compiled = ModelRuns.compile(source, chip, new CompileSettings(1, CalibrationMethod.MINMAX, Set.of(), 30));
        ModelRun run = ModelRuns.run(source, compiled, source.samples(), () -> { });
        double iou = run.quality().orElseThrow().mean();
        System.out.println("paddleocr-det on " + chip.name() + " with --min-layer-sqnr 30: IoU " + iou + "; "
                + run.macs().text());
        assertTrue(iou >= 0.95, "IoU " + iou);
        boolean kept = compiled.partition().steps().stream().filter(HostStep.class::isInstance)
                .flatMap(s -> ((HostStep) s).reasons().stream()).anyMatch(r -> r.endsWith("< 30 dB (--min-layer-sqnr): kept "
                        + "on the host in float"));
        assertTrue(kept, compiled.partition().text());
        assertTrue(run.macs().npuShare() > 0.7, run.macs().text());
    }
}
