package npukit.testbench.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.rtl.RtlEmitter;
import npukit.sim.fpga.FpgaFamily;
import npukit.sim.fpga.Ice40Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Yosys's synth_ice40 and nextpnr-ice40 for real on the smallest committed config, tiny-1x1 (about a
 * minute of CPU): the whole NPU's figures and which resources overflow each device are the committed
 * ones, and its PE, placed and routed with the fixed seed, gives the committed logic cells and Fmax,
 * twice over (nextpnr is deterministic for a seed), and does not fit the UP5K's pins.
 */
class Ice40SynthesisTest {

    static final String CHIP = "tiny-1x1";

    @Test
    void theSmallestConfigSynthesizesAndItsPePlacesToTheCommittedFigures(@TempDir Path cache, @TempDir Path again)
            throws IOException {
        ChipConfig chip = ChipConfigIO.read(YosysSynthesisTest.FIGURES.resolve("chips/" + CHIP + ".yaml"));
        Map<String, String> row = YosysSynthesisTest.committedRow("yosys-ice40.csv", CHIP);
        assertEquals(row.get("config_hash"), chip.hash());
        String verilog = RtlEmitter.npu(chip);
        YosysSynthesis yosys = new YosysSynthesis(cache);
        SynthReport report = yosys.run(chip, FpgaFamily.ICE40, verilog);
        assertTrue(report.yosys().startsWith("Yosys " + row.get("yosys") + " "), report.yosys());
        assertEquals(Long.parseLong(row.get("luts")), report.luts(), "LUT4s");
        assertEquals(Long.parseLong(row.get("ffs")), report.ffs(), "flip-flops");
        assertEquals(Long.parseLong(row.get("dsps")), report.dsps(), "SB_MAC16s");
        assertEquals(Long.parseLong(row.get("carry")), report.carry(), "SB_CARRYs");
        assertEquals(Long.parseLong(row.get("ebr_yosys")), report.yosysBrams(), "SB_RAM40_4K by Yosys");
        assertEquals(Long.parseLong(row.get("ebr_memories")), report.memoryBrams(), "SB_RAM40_4K computed");
        assertEquals(report, yosys.cached(chip, FpgaFamily.ICE40));
        // The entry was renamed into place whole: no scratch folder is left beside it.
        try (var entries = Files.list(cache.resolve("yosys"))) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith(".scratch-")));
        }

        Ice40Device.Need need = Ice40Placement.npuNeed(report, verilog);
        assertEquals(Long.parseLong(row.get("io_pins")), need.ios(), "the Npu module's port bits");
        assertEquals(List.of(row.get("up5k_overflows").split(";")), Ice40Device.UP5K.overflows(need));
        assertEquals(List.of(row.get("hx8k_overflows").split(";")), Ice40Device.HX8K.overflows(need));

        Ice40Placement.Outcome up5k = new Ice40Placement(cache).place(chip, verilog, Ice40Device.UP5K, report.yosys());
        assertNull(up5k.placed());
        assertEquals(List.of("I/O pins " + row.get("pe_ios") + " > 39 in sg48"), up5k.overflows());

        Ice40Placement.Placed committed = new Ice40Placement.Placed(Long.parseLong(row.get("pe_cells")),
                Long.parseLong(row.get("pe_dsps")), Long.parseLong(row.get("pe_ios")),
                Double.parseDouble(row.get("pe_fmax_mhz")));
        for (Path c : List.of(cache, again)) {
            Ice40Placement.Outcome hx8k = new Ice40Placement(c).place(chip, verilog, Ice40Device.HX8K, report.yosys());
            assertEquals(row.get("pe_module"), hx8k.module());
            assertTrue(hx8k.nextpnr().contains("Version " + row.get("nextpnr")), hx8k.nextpnr());
            assertEquals(committed, hx8k.placed(), "with --seed " + Ice40Placement.SEED);
        }
    }
}
