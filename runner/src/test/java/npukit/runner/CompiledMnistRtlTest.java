package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompiledModel;
import npukit.isa.Program;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;
import npukit.testbench.verify.CoValidation;
import npukit.testbench.verify.VerifyReport;
import org.junit.jupiter.api.Test;

/**
 * The compiled MNIST CNN on the RTL: every NPU program the compiler emits for the bundled model, with
 * real digits in its HBM image, runs on the Verilated NPU of a small preset and must match the
 * simulator exactly (all counters, the whole HBM, every instruction's last cycle).
 */
class CompiledMnistRtlTest {

    @Test
    void mnistProgramsMatchTheSimulatorOnEdgeCmsis() {
        ChipConfig chip = ChipPresets.get("edge-cmsis");
        ModelSource mnist = ModelSource.resolve(null, null, 1);
        CompiledModel compiled = ModelRuns.compile(mnist, chip, new CompileSettings(8, CalibrationMethod.MINMAX));
        ModelRunner runner = new ModelRunner(compiled);
        CoValidation rtl = new CoValidation(new NpuRtl(VerilatorBuild.atDefaultCache(), chip));
        List<String> failures = new ArrayList<>();
        for (int d : List.of(0, 1)) {
            List<Program> programs = runner.programs(mnist.samples().get(d).inputs());
            for (int i = 0; i < programs.size(); i++) {
                VerifyReport r = rtl.run("mnist-digit" + d + "-program" + (i + 1), programs.get(i));
                System.out.printf("%-12s %-22s %5d instructions %8d cycles  %s%n", chip.name(), r.program(),
                        programs.get(i).instructions().size(), r.counters().get(0).expected(),
                        r.passed() ? "passed" : "FAILED");
                if (!r.passed()) {
                    failures.add(r.table());
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }
}
