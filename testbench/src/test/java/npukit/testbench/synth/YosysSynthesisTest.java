package npukit.testbench.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.isa.Geometry;
import npukit.rtl.RtlEmitter;
import npukit.sim.fpga.FpgaFamily;
import npukit.sim.fpga.FpgaResourceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Yosys for real on the smallest committed config (minutes on a loaded machine): the figures it gives
 * are the committed ones the analytic model is checked against (simulator's FpgaResourceModelTest),
 * the memories are the ones the model assumes, and the report comes back from the cache. The other
 * committed configs are measurements, not re-run here (docs/synthesis.md).
 */
class YosysSynthesisTest {

    /** The committed figures and chip files, kept with the model's test in the simulator module. */
    static final Path FIGURES = Path.of("../simulator/src/test/resources/synth");
    static final String CHIP = "area-4x4-ws";

    @Test
    void theSmallestCommittedConfigSynthesizesToItsCommittedFiguresAndIsCached(@TempDir Path cache)
            throws IOException {
        ChipConfig chip = ChipConfigIO.read(FIGURES.resolve("chips/" + CHIP + ".yaml"));
        YosysSynthesis yosys = new YosysSynthesis(cache);
        SynthReport report = yosys.run(chip, FpgaFamily.XC7, RtlEmitter.npu(chip));

        Geometry g = Geometry.of(chip);
        assertEquals(2, report.memories().size(), report.memories().toString());
        for (RtlMemory m : report.memories().keySet()) {
            assertEquals(FpgaResourceModel.MEMORY_READ_PORTS, m.readPorts(), m.toString());
            assertEquals(FpgaResourceModel.MEMORY_WRITE_PORTS, m.writePorts(), m.toString());
            boolean sp = m.width() == g.spRowBytes() * 8 && m.depth() == g.spRows();
            boolean acc = m.width() == g.accRowBytes() * 8 && m.depth() == g.accRows();
            assertTrue(sp || acc, m.toString());
        }
        Map<String, String> row = committedRow("yosys-xc7.csv", CHIP);
        assertEquals(row.get("config_hash"), chip.hash());
        // Yosys is deterministic: the same version on the same Verilog gives the same cells.
        assertTrue(report.yosys().startsWith("Yosys " + row.get("yosys") + " "), "committed with " + row.get("yosys")
                + ", this machine has " + report.yosys());
        assertEquals(Long.parseLong(row.get("luts")), report.luts(), "LUTs");
        assertEquals(Long.parseLong(row.get("ffs")), report.ffs(), "flip-flops");
        assertEquals(Long.parseLong(row.get("dsps")), report.dsps(), "DSPs");
        assertEquals(Long.parseLong(row.get("bram18")), report.brams(), "BRAM18");
        assertEquals(FpgaResourceModel.estimate(chip, FpgaFamily.XC7).brams(), report.brams());
        assertEquals(report, yosys.cached(chip, FpgaFamily.XC7));
    }

    /** The row of {@code chip} in a committed CSV of figures, column name to value. */
    static Map<String, String> committedRow(String csv, String chip) throws IOException {
        List<String> lines = Files.readAllLines(FIGURES.resolve(csv));
        List<String> header = List.of(lines.get(0).split(","));
        String[] row = lines.stream().filter(l -> l.startsWith(chip + ",")).findFirst().orElseThrow().split(",", -1);
        assertEquals(header.size(), row.length, csv + ": " + chip);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            out.put(header.get(i), row[i]);
        }
        return out;
    }
}
