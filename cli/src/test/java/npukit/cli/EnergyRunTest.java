package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import npukit.results.LayerCsv;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npu run prints energy, power and TOPS/W per layer and per inference, and writes them to the layer CSV. */
class EnergyRunTest {

    private static final Pattern TOTAL = Pattern.compile("energy per inference: ([0-9,]+\\.[0-9]{3}) uJ \\(mac [0-9.,]+ uJ "
            + "[0-9.]+%, register .*, hbm [0-9.,]+ uJ ([0-9.]+)%, instruction .*, static [0-9.,]+ uJ [0-9.]+%\\)\n");
    private static final Pattern POWER = Pattern.compile("average power: +([0-9.]+) mW at 1000 MHz; ([0-9.]+) TOPS/W\n");

    @TempDir
    Path tmp;

    @Test
    void mnistPrintsEnergyPerLayerAndPerInferenceAndTheCsvAddsUp() throws IOException {
        Path csv = tmp.resolve("layers.csv");
        NpuCommandTest.Run r = npu("run", "--limit", "1", "--csv", csv.toString());
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        for (String layer : List.of("Conv_0", "Conv_3", "Gemm_8", "Gemm_10")) {
            assertTrue(Pattern.compile("(?m)^" + layer + " +[0-9]+\\.[0-9]{4} +([0-9.]+ +){8}[0-9.]+ +[0-9.]+$")
                    .matcher(out).find(), layer + " has no energy row:\n" + out);
        }
        double total = microjoules(out);
        double[] power = power(out);
        assertTrue(power[0] > 0 && power[1] > 0, out);

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(csv))).getRecords();
        assertTrue(LayerCsv.COLUMNS.containsAll(List.of("energy_pj", "energy_hbm_pj", "tops_per_w")));
        double layers = 0;
        for (CSVRecord row : rows) {
            if (row.get("cycles_simulated").isEmpty()) {
                assertEquals("", row.get("energy_pj"), "a host node has no energy");
                continue;
            }
            double parts = 0;
            for (String c : List.of("mac", "register", "array", "scratchpad", "accumulator", "hbm", "instruction",
                    "static")) {
                parts += Double.parseDouble(row.get("energy_" + c + "_pj"));
            }
            double energy = Double.parseDouble(row.get("energy_pj"));
            assertEquals(energy, parts, energy * 1e-5, "components add up to the layer's energy");
            layers += energy;
        }
        // The layers hold every instruction but each program's FINISH, whose fetch costs a few nJ.
        assertTrue(layers <= total * 1e6 && layers > 0.99 * total * 1e6, layers + " pJ in layers, " + total + " uJ");
    }

    @Test
    void resnet18TopologyPrintsEnergyPerLayerAndInTotal() {
        NpuCommandTest.Run r = npu("run", "../workloads/scalesim/conv_nets/Resnet18.csv");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        for (String layer : List.of("Conv1", "Conv5_2b", "FC")) {
            assertTrue(Pattern.compile("(?m)^" + layer + " +[0-9]+\\.[0-9]{4} ").matcher(out).find(),
                    layer + " has no energy row:\n" + out);
        }
        assertTrue(microjoules(out) > 0, out);
        double[] power = power(out);
        assertTrue(power[0] > 0 && power[1] > 0, out);
    }

    private static double microjoules(String out) {
        Matcher m = TOTAL.matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1).replace(",", ""));
    }

    private static double[] power(String out) {
        Matcher m = POWER.matcher(out);
        assertTrue(m.find(), out);
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }
}
