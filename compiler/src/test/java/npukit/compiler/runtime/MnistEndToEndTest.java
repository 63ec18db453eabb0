package npukit.compiler.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantScheme;
import npukit.compiler.data.BundledMnist;
import npukit.compiler.data.LabelledSample;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.testdata.MnistData;
import org.junit.jupiter.api.Test;

/**
 * The real MNIST CNN compiled for every preset and run on the cycle-accurate simulator over its 62
 * test digits (calibrated on the first 8). Per-channel int8 linear chips must classify all 62 and agree
 * with the float model on every digit; the other schemes are reported, whatever they score. The runner
 * checks every NPU result against the layer reference as it goes.
 */
class MnistEndToEndTest {

    static Map<String, Tensor> input(LabelledSample s) {
        return Map.of(MnistData.INPUT, Tensor.ofFloats(List.of(1, 1, 28, 28), s.features()));
    }

    @Test
    void perChannelInt8KeepsAll62DigitsAndTheOtherSchemesAreReported() {
        Graph model = BundledMnist.model();
        List<LabelledSample> digits = BundledMnist.digits();
        List<Map<String, Tensor>> calibration = digits.stream().limit(8).map(MnistEndToEndTest::input).toList();
        int perChannelChips = 0;
        for (ChipConfig chip : ChipPresets.all()) {
            if (chip.array().rows() > 64) {
                continue; // tpu-v1's 256 x 256 array: covered by the CLI benchmark, too slow to search here
            }
            CompiledModel compiled = ModelCompiler.compile(model, chip,
                    new CompileOptions(1, calibration, CalibrationMethod.MINMAX, true));
            assertChainsPassTheirCodec(compiled);
            ModelRunner runner = new ModelRunner(compiled);
            int correct = 0;
            int agree = 0;
            long cycles = 0;
            for (LabelledSample d : digits) {
                RunResult r = runner.run(input(d));
                int q = MnistData.argmax(r.outputs().get(MnistData.OUTPUT));
                int f = MnistData.argmax(Interpreter.run(model, input(d)).get(MnistData.OUTPUT));
                correct += q == d.label() ? 1 : 0;
                agree += q == f ? 1 : 0;
                cycles += r.totalCycles();
            }
            System.out.printf("MNIST on %-12s %-13s %-11s %d programs: top-1 %d/62, agrees with float on %d/62, "
                    + "%d NPU cycles per digit%n", chip.name(), chip.quant().scheme().fileName(),
                    chip.quant().granularity(), compiled.segments().size(), correct, agree, cycles / 62);
            if (chip.quant().scheme() == QuantScheme.LINEAR && chip.quant().granularity() == Granularity.PER_CHANNEL
                    && chip.quant().weightBits() == 8) {
                perChannelChips++;
                assertEquals(62, correct, chip.name());
                assertEquals(62, agree, chip.name());
            }
        }
        assertTrue(perChannelChips >= 2, "presets with per-channel int8: " + perChannelChips);
    }

    /** Inside one program codes go straight from layer to layer: each must read the codec the previous writes. */
    static void assertChainsPassTheirCodec(CompiledModel compiled) {
        for (var step : compiled.partition().steps()) {
            if (step instanceof npukit.compiler.partition.NpuStep npu) {
                for (int i = 1; i < npu.layers().size(); i++) {
                    var prev = compiled.layers().get(npu.layers().get(i - 1).name());
                    var next = compiled.layers().get(npu.layers().get(i).name());
                    assertEquals(prev.output(), next.input(), compiled.chip().name() + ": " + next.source().name());
                }
            }
        }
    }
}
