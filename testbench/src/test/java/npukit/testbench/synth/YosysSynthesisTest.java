package npukit.testbench.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.rtl.RtlEmitter;
import npukit.sim.fpga.FpgaFamily;
import npukit.sim.fpga.FpgaResourceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Yosys for real on a 2x2 NPU (minutes on a loaded machine): parsed figures against the model, and the cache. */
class YosysSynthesisTest {

    @Test
    void aTinyNpuSynthesizesWithinTheModelsErrorAndIsCached(@TempDir Path cache) {
        ChipConfig chip = FitConfigs.chip("synth-2x2", 2, 2, "ws", 8, 32);
        YosysSynthesis yosys = new YosysSynthesis(cache);
        SynthReport report = yosys.run(chip, FpgaFamily.XC7, RtlEmitter.npu(chip));

        Geometry g = Geometry.of(chip);
        assertEquals(2, report.memories().size(), report.memories().toString());
        for (RtlMemory m : report.memories().keySet()) {
            assertEquals(FpgaResourceModel.MEMORY_READ_PORTS, m.readPorts(), m.toString());
            assertEquals(FpgaResourceModel.MEMORY_WRITE_PORTS, m.writePorts(), m.toString());
            boolean sp = m.width() == g.spRowBytes() * 8 && m.depth() == g.spRows();
            boolean acc = m.width() == g.accRowBytes() * 8 && m.depth() == g.accRows();
            assertEquals(true, sp || acc, m.toString());
        }
        FpgaResourceModel.Estimate model = FpgaResourceModel.estimate(chip, FpgaFamily.XC7);
        assertEquals(model.brams(), report.brams());
        FpgaResourceModelTest.within("luts", report.luts(), model.luts());
        FpgaResourceModelTest.within("ffs", report.ffs(), model.ffs());
        FpgaResourceModelTest.within("dsps", report.dsps(), model.dsps());
        assertEquals(report, yosys.cached(chip, FpgaFamily.XC7));
    }
}
