package npukit.compiler.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.data.BundledMnist;
import npukit.compiler.data.LabelledSample;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.CalibrationMethod;
import org.junit.jupiter.api.Test;

class MnistEndToEndTest {

    static Map<String, Tensor> input(LabelledSample s) {
        return Map.of("input_image", Tensor.ofFloats(List.of(1, 1, 28, 28), s.features()));
    }

    static int argmax(Tensor t) {
        int best = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.getDouble(i) > t.getDouble(best)) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void allChips() {
        Graph model = BundledMnist.model();
        List<LabelledSample> digits = BundledMnist.digits();
        List<Map<String, Tensor>> calibration = digits.stream().limit(8).map(MnistEndToEndTest::input).toList();
        for (ChipConfig chip : ChipPresets.all()) {
            if (chip.name().equals("tpu-v1")) {
                continue;
            }
            long t0 = System.nanoTime();
            CompiledModel compiled = ModelCompiler.compile(model, chip,
                    new CompileOptions(1, calibration, CalibrationMethod.MINMAX, true));
            long t1 = System.nanoTime();
            ModelRunner runner = new ModelRunner(compiled);
            int correct = 0;
            int agree = 0;
            long cycles = 0;
            for (LabelledSample d : digits) {
                RunResult r = runner.run(input(d));
                int q = argmax(r.outputs().get("output_probs"));
                int f = argmax(Interpreter.run(model, input(d)).get("output_probs"));
                correct += q == d.label() ? 1 : 0;
                agree += q == f ? 1 : 0;
                cycles += r.totalCycles();
            }
            System.out.printf("%-12s compile %5d ms run %6d ms: top-1 %d/62 agree %d/62, %d cycles/inference%n",
                    chip.name(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000, correct, agree,
                    cycles / 62);
        }
    }
}
