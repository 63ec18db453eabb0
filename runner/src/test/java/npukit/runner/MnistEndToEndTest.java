package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantScheme;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompiledModel;
import npukit.results.EvaluationRecord;
import org.junit.jupiter.api.Test;

/**
 * The real MNIST CNN compiled for every preset and run on the cycle-accurate simulator over its 62
 * test digits (calibrated on the first 8). Per-channel int8 linear chips must classify all 62 and agree
 * with the float model on every digit; the other schemes are reported, whatever they score. The runner
 * checks every NPU result against the layer reference as it goes.
 */
class MnistEndToEndTest {

    @Test
    void perChannelInt8KeepsAll62DigitsAndTheOtherSchemesAreReported() {
        ModelSource mnist = ModelSource.resolve(null, null, 1);
        assertEquals(62, mnist.samples().size());
        int perChannelChips = 0;
        for (ChipConfig chip : ChipPresets.all()) {
            if (chip.array().rows() > 64) {
                continue; // tpu-v1's 256 x 256 array: covered by the CLI benchmark, too slow to search here
            }
            CompiledModel compiled = ModelRuns.compile(mnist, chip, new CompileSettings(8, CalibrationMethod.MINMAX));
            assertChainsPassTheirCodec(compiled);
            EvaluationRecord e = ModelRuns.run(mnist, compiled, mnist.samples(), () -> { }).evaluation();
            System.out.printf("MNIST on %-12s %-13s %-11s %d programs: top-1 %d/62, agrees with float on %d/62, "
                    + "%d NPU cycles per digit%n", chip.name(), chip.quant().scheme().fileName(),
                    chip.quant().granularity(), compiled.segments().size(), e.correct(), e.agree(), e.cyclesPerInference());
            if (chip.quant().scheme() == QuantScheme.LINEAR && chip.quant().granularity() == Granularity.PER_CHANNEL
                    && chip.quant().weightBits() == 8) {
                perChannelChips++;
                assertEquals(62, e.correct(), chip.name());
                assertEquals(62, e.agree(), chip.name());
            }
        }
        assertTrue(perChannelChips >= 2, "presets with per-channel int8: " + perChannelChips);
    }

    /** Inside one program codes go straight from layer to layer: each must read the codec the previous writes. */
    static void assertChainsPassTheirCodec(CompiledModel compiled) {
        for (var step : compiled.partition().steps()) {
            if (step instanceof NpuStep npu) {
                for (int i = 1; i < npu.layers().size(); i++) {
                    var prev = compiled.layers().get(npu.layers().get(i - 1).name());
                    var next = compiled.layers().get(npu.layers().get(i).name());
                    assertEquals(prev.output(), next.input(), compiled.chip().name() + ": " + next.source().name());
                }
            }
        }
    }
}
