package npukit.sim.fpga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ChipVariants;
import org.junit.jupiter.api.Test;

/**
 * The analytic model against the committed Yosys figures (`npu rtl synth`, xc7), fitted and held-out
 * configs alike, within the error docs/synthesis.md states; block RAMs exactly. No Yosys runs here:
 * the figures were measured once (docs/synthesis.md has the command and the Yosys version).
 */
class FpgaResourceModelTest {

    /** One measured config: the columns of {@code synth/yosys-xc7.csv}. */
    record Measured(Map<String, String> cells) {
        String get(String column) {
            String v = cells.get(column);
            if (v == null) {
                throw new IllegalArgumentException("yosys-xc7.csv has no column " + column);
            }
            return v;
        }

        long count(String column) {
            return Long.parseLong(get(column));
        }
    }

    static List<Measured> measured() throws IOException {
        try (InputStream in = FpgaResourceModelTest.class.getResourceAsStream("/synth/yosys-xc7.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            List<String> header = List.of(lines.get(0).split(","));
            return lines.stream().skip(1).map(l -> {
                String[] v = l.split(",", -1);
                assertEquals(header.size(), v.length, l);
                Map<String, String> m = new java.util.LinkedHashMap<>();
                for (int i = 0; i < v.length; i++) {
                    m.put(header.get(i), v[i]);
                }
                return new Measured(m);
            }).toList();
        }
    }

    /** A preset by its name, else the chip file committed beside the figures. */
    static ChipConfig chip(String name) throws IOException {
        if (ChipPresets.names().contains(name)) {
            return ChipPresets.get(name);
        }
        try (InputStream in = FpgaResourceModelTest.class.getResourceAsStream("/synth/chips/" + name + ".yaml")) {
            assertTrue(in != null, "no chip file synth/chips/" + name + ".yaml");
            return ChipConfigIO.parse(Path.of(name + ".yaml"), in.readAllBytes());
        }
    }

    @Test
    void theModelIsWithinItsStatedErrorOfEveryMeasuredConfig() throws IOException {
        List<Measured> rows = measured();
        // Issue 12 asks for the model to be fitted to and checked against at least 12 Yosys runs.
        assertTrue(rows.size() >= 12, rows.size() + " measured configs");
        assertTrue(rows.stream().filter(r -> r.get("role").equals("fit")).count() == FpgaResourceModel.FITTED_CONFIGS,
                "fitted configs in the CSV");
        assertTrue(rows.stream().anyMatch(r -> r.get("role").equals("holdout")), "some configs are held out");
        for (Measured r : rows) {
            ChipConfig chip = chip(r.get("chip"));
            String what = r.get("chip") + " (" + r.get("role") + ")";
            assertEquals(r.get("config_hash"), chip.hash(), what + ": the figures are of another config");
            FpgaResourceModel.Estimate m = FpgaResourceModel.estimate(chip, FpgaFamily.XC7);
            within(what + " LUTs", r.count("luts"), m.luts(), FpgaResourceModel.LUT_ERROR);
            within(what + " flip-flops", r.count("ffs"), m.ffs(), FpgaResourceModel.FF_ERROR);
            within(what + " DSPs", r.count("dsps"), m.dsps(), FpgaResourceModel.DSP_ERROR);
            assertEquals(r.count("bram18"), m.brams(), what + " BRAM18: the model counts as npu rtl synth does");
        }
    }

    @Test
    void aSecondWeightBufferAddsWhatItCounts() {
        ChipConfig two = ChipPresets.gemmini();
        ChipConfig one = ChipVariants.with(two, Map.of("array.weight-buffers", 1), Path.of("test"));
        FpgaResourceModel.Estimate a = FpgaResourceModel.estimate(one, FpgaFamily.XC7);
        FpgaResourceModel.Estimate b = FpgaResourceModel.estimate(two, FpgaFamily.XC7);
        // 16 x 16 PEs x 8 bits: a register bit and a select LUT each; a buffer bit per PE and per skew stage.
        assertEquals(2048, b.luts() - a.luts());
        assertEquals(2048 + 256 + 120, b.ffs() - a.ffs());
        assertEquals(a.dsps(), b.dsps());
        ChipConfig os = ChipVariants.with(two, Map.of("array.dataflow", "os"), Path.of("test"));
        ChipConfig osOne = ChipVariants.with(os, Map.of("array.weight-buffers", 1), Path.of("test"));
        assertEquals(FpgaResourceModel.estimate(osOne, FpgaFamily.XC7).luts(),
                FpgaResourceModel.estimate(os, FpgaFamily.XC7).luts(), "an OS array has no weight register to double");
    }

    @Test
    void aLookupTableAddsWhatItCounts() {
        ChipConfig plain = ChipPresets.gemmini();
        ChipConfig tabled = ChipVariants.with(plain, Map.of("array.lookup-table", true), Path.of("test"));
        FpgaResourceModel.Estimate a = FpgaResourceModel.estimate(plain, FpgaFamily.XC7);
        FpgaResourceModel.Estimate b = FpgaResourceModel.estimate(tabled, FpgaFamily.XC7);
        // 256 entries of 8 bits and a write-enable LUT each; 16 lanes x 8 bits of a 256:1 select, 86 LUTs each.
        assertEquals(256 + 16 * 8 * 86, b.luts() - a.luts());
        assertEquals(256 * 8, b.ffs() - a.ffs());
        assertEquals(a.dsps(), b.dsps());
    }

    static void within(String what, long yosys, long model, double stated) {
        double error = Math.abs(model - yosys) / (double) Math.max(1, yosys);
        assertTrue(error <= stated, what + ": Yosys " + yosys + ", model " + model + ", error " + error + " > " + stated);
    }
}
