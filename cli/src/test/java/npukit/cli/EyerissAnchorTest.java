package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.EnergyConfig;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Eyeriss anchor of docs/energy.md: the eyeriss preset carries Eyeriss's normalized costs, and a
 * run of AlexNet-shaped conv layers on it writes the component breakdown. The doc's figures come from
 * the whole of AlexNet's conv layers (a five-minute run); this test runs a slice of them.
 */
class EyerissAnchorTest {

    // AlexNet's Conv1 and Conv3 (workloads/scalesim/conv_nets/alexnet.csv) with fewer filters and
    // channels, so the run takes seconds.
    private static final String SLICE = """
            Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
            Conv1     ,59          ,59         ,11           ,11          ,3       ,24       ,4      ,
            Conv3     ,13          ,13         ,3            ,3           ,32      ,28       ,1      ,
            """;

    @TempDir
    Path tmp;

    @Test
    void theEyerissPresetLoadsWithEyerissCosts() throws IOException {
        NpuCommandTest.Run show = npu("chip", "show", "eyeriss");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("\nenergy:\n  multiply-8bit-pj: 0.225\n"), show.out());
        ChipConfig read = ChipConfigIO.parse(tmp.resolve("eyeriss.yaml"), show.out().getBytes(StandardCharsets.UTF_8));
        assertEquals(ChipPresets.eyeriss(), read);
        EnergyConfig e = read.energy();
        // Per 16-bit word against a 1 pJ 16-bit MAC: register 1x, PE to PE 2x, buffer 6x, DRAM 200x.
        assertEquals(1.0, 4 * e.multiply8BitPj() + e.add32BitPj(), 1e-12);
        assertEquals(List.of(1.0, 2.0, 6.0, 200.0), List.of(2 * e.registerPjPerByte(), 2 * e.hopPjPerByte(),
                2 * e.sramPjPerByte(), 2 * e.hbmPjPerByte()));
        assertEquals(0.0, e.sramSizeExponent(), "one flat buffer cost");
    }

    @Test
    void alexNetConvLayersOnEyerissWriteTheBreakdown() throws IOException {
        Path topology = tmp.resolve("alexnet-slice.csv");
        Files.writeString(topology, SLICE);
        Path csv = tmp.resolve("layers.csv");
        NpuCommandTest.Run r = npu("run", topology.toString(), "--chip", "eyeriss", "--csv", csv.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("chip:  eyeriss (12x14 ws"), r.out());
        assertTrue(Pattern.compile("average power: +[0-9.]+ mW at 200 MHz; [0-9.]+ TOPS/W\n").matcher(r.out()).find(),
                r.out());
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Files.readString(csv))).getRecords();
        assertEquals(List.of("Conv1", "Conv3"), rows.stream().map(x -> x.get("layer")).toList());
        for (CSVRecord row : rows) {
            double macs = Double.parseDouble(row.get("macs"));
            // 16-bit operands, 32-bit partial sums, WS: a MAC is 1 pJ, its registers 2 + 2 + 4 bytes at 0.5 pJ,
            // its hops 2 + 4 bytes at 1 pJ.
            assertEquals(macs, Double.parseDouble(row.get("energy_mac_pj")), macs * 1e-9);
            assertEquals(4 * macs, Double.parseDouble(row.get("energy_register_pj")), macs * 1e-9);
            assertEquals(6 * macs, Double.parseDouble(row.get("energy_array_pj")), macs * 1e-9);
            double bytes = Double.parseDouble(row.get("hbm_read_bytes")) + Double.parseDouble(row.get("hbm_written_bytes"));
            double hbm = Double.parseDouble(row.get("energy_hbm_pj"));
            // DRAM: 100 pJ per byte of data and of the layer's instructions (16 bytes each, 20 pJ each besides).
            double instructions = Double.parseDouble(row.get("energy_instruction_pj")) / 20;
            assertTrue(instructions >= 1 && instructions == Math.rint(instructions), row.toString());
            assertEquals(100 * (bytes + 16 * instructions), hbm, hbm * 1e-9);
            double buffer = Double.parseDouble(row.get("energy_scratchpad_pj"))
                    + Double.parseDouble(row.get("energy_accumulator_pj"));
            assertTrue(buffer > 0, row.toString());
        }
    }
}
