package npukit.testbench.synth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.sim.fpga.FpgaFamily;
import npukit.sim.fpga.FpgaResourceModel;
import org.junit.jupiter.api.Test;

/** The analytic model against the committed Yosys figures it was fitted to, within its stated error. */
class FpgaResourceModelTest {

    static List<String[]> rows() throws IOException {
        try (InputStream in = FpgaResourceModelTest.class.getResourceAsStream("/synth/yosys-xc7.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .map(l -> l.split(",")).toList();
        }
    }

    @Test
    void theModelIsWithinItsStatedErrorOfEveryMeasuredConfig() throws IOException {
        List<String[]> rows = rows();
        assertTrue(rows.size() >= FpgaResourceModel.FITTED_CONFIGS, "configs: " + rows.size());
        for (String[] r : rows) {
            ChipConfig chip = FitConfigs.chip(r[0], Integer.parseInt(r[1]), Integer.parseInt(r[2]), r[3],
                    Integer.parseInt(r[4]), Integer.parseInt(r[5]));
            FpgaResourceModel.Estimate m = FpgaResourceModel.estimate(chip, FpgaFamily.XC7);
            within(r[0] + " luts", Long.parseLong(r[6]), m.luts());
            within(r[0] + " ffs", Long.parseLong(r[8]), m.ffs());
            within(r[0] + " dsps", Long.parseLong(r[9]), m.dsps());
        }
    }

    static void within(String what, long yosys, long model) {
        double error = Math.abs(model - yosys) / (double) Math.max(1, yosys);
        assertTrue(error <= FpgaResourceModel.STATED_ERROR, what + ": Yosys " + yosys + ", model " + model
                + ", error " + error + " > " + FpgaResourceModel.STATED_ERROR);
    }
}
