package npukit.testbench.verify;

import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.data.BundledMnist;
import npukit.compiler.data.LabelledSample;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import npukit.compiler.runtime.ModelRunner;
import npukit.isa.Program;
import org.junit.jupiter.api.Test;

/**
 * The compiled MNIST CNN on the RTL: every NPU program the compiler emits for the bundled model, with
 * real digits in its HBM image, runs on the Verilated NPU of a small preset and must match the
 * simulator exactly (all counters, the whole HBM, every instruction's last cycle).
 */
class CompiledMnistRtlTest {

    private static Map<String, Tensor> input(LabelledSample s) {
        return Map.of("input_image", Tensor.ofFloats(List.of(1, 1, 28, 28), s.features()));
    }

    @Test
    void mnistProgramsMatchTheSimulatorOnEdgeCmsis() {
        ChipConfig chip = ChipPresets.get("edge-cmsis");
        Graph model = BundledMnist.model();
        List<LabelledSample> digits = BundledMnist.digits();
        List<Map<String, Tensor>> calibration = digits.stream().limit(8).map(CompiledMnistRtlTest::input).toList();
        CompiledModel compiled = ModelCompiler.compile(model, chip,
                new CompileOptions(1, calibration, CalibrationMethod.MINMAX, true));
        ModelRunner runner = new ModelRunner(compiled);
        SuiteRunner rtl = new SuiteRunner(chip);
        for (int d : List.of(0, 1)) {
            List<Program> programs = runner.programs(input(digits.get(d)));
            for (int i = 0; i < programs.size(); i++) {
                rtl.run("mnist-digit" + d + "-program" + (i + 1), programs.get(i));
            }
        }
        rtl.assertAllPassed();
    }
}
