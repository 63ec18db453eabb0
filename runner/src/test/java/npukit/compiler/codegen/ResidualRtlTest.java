package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.compiler.lower.NpuLayer;
import npukit.runner.SimulatedTimer;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;
import npukit.testbench.verify.CoValidation;
import npukit.testbench.verify.VerifyReport;
import org.junit.jupiter.api.Test;

/**
 * Programs whose last layer adds a residual run on the Verilated NPU exactly as on the simulator (all
 * counters, the whole HBM, every instruction's last cycle): the residual LOADs into the accumulators,
 * their tokens with the clearing VALUs and the QUANTs, and GEMMs that accumulate from the first k step,
 * on a weight-, an input- and an output-stationary chip. CodegenChainTest checks the same programs'
 * values against the layer oracle.
 */
class ResidualRtlTest {

    @Test
    void residualProgramsMatchTheSimulator() {
        List<String> failures = new ArrayList<>();
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChainFixtures.withDataflow(ChipPresets.gemmini(),
                "gemmini-is", Dataflow.IS), ChipPresets.edgeCmsis())) {
            CoValidation rtl = new CoValidation(new NpuRtl(VerilatorBuild.atDefaultCache(), chip));
            SplittableRandom rnd = new SplittableRandom(41);
            List<NpuLayer> chain = new ArrayList<>(ChainFixtures.chain(chip, 70, new int[] {13, 21, 19},
                    NpuLayer.Output.QUANTIZED, 5));
            chain.set(1, chain.get(1).withResidual());
            CompiledSegment seg = SegmentCompiler.compile(chip, chain, new SimulatedTimer(chip));
            int[] x = ChainFixtures.codes(70 * 13, chip.array().operandBits(), rnd);
            VerifyReport r = rtl.run("residual-" + chip.name(), seg.withInput(x, CodegenChainTest.residual(70 * 19, rnd)));
            System.out.printf("%-12s %5d instructions %8d cycles  %s%n", chip.name(), seg.instructionCount(),
                    r.counters().get(0).expected(), r.passed() ? "passed" : "FAILED");
            if (!r.passed()) {
                failures.add(r.table());
            }
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }
}
