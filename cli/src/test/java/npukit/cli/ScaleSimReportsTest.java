package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import npukit.results.scalesim.ScaleSimReports;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** npu run --scalesim-reports: SCALE-Sim's three files, its column names, figures that agree with the run. */
class ScaleSimReportsTest {

    @TempDir
    Path tmp;

    /** SCALE-Sim's layout: fields joined by ", ", a trailing comma; the fields of each line. */
    static List<List<String>> read(Path file) throws IOException {
        List<List<String>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            assertTrue(line.endsWith(","), file + ": " + line);
            lines.add(Arrays.asList(line.substring(0, line.length() - 1).split(", ", -1)));
        }
        return lines;
    }

    static List<Map<String, String>> rows(Path file, List<String> columns) throws IOException {
        List<List<String>> lines = read(file);
        assertEquals(columns, lines.get(0), file + " header");
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> l : lines.subList(1, lines.size())) {
            assertEquals(columns.size(), l.size(), file + ": " + l);
            rows.add(columns.stream().collect(Collectors.toMap(Function.identity(), c -> l.get(columns.indexOf(c)))));
        }
        return rows;
    }

    @ParameterizedTest
    @CsvSource({"gemmini, 1", "edge-cmsis, 1", "eyeriss, 2"})
    void theReportsAgreeWithTheRunsPerLayerCounters(String chip, int elementBytes) throws IOException {
        Path dir = tmp.resolve("reports");
        Path csv = tmp.resolve("layers.csv");
        NpuCommandTest.Run r = npu("run", "--chip", chip, "--limit", "1", "--csv", csv.toString(),
                "--scalesim-reports", dir.toString());
        assertEquals(0, r.exit(), r.err());
        List<CSVRecord> npuLayers = CSVFormat.DEFAULT.builder().setHeader().build()
                .parse(new StringReader(Files.readString(csv))).getRecords().stream()
                .filter(l -> !l.get("cycles_simulated").isEmpty()).toList();
        List<Map<String, String>> compute = rows(dir.resolve("COMPUTE_REPORT.csv"), ScaleSimReports.COMPUTE_COLUMNS);
        List<Map<String, String>> bandwidth = rows(dir.resolve("BANDWIDTH_REPORT.csv"), ScaleSimReports.BANDWIDTH_COLUMNS);
        List<Map<String, String>> detail = rows(dir.resolve("DETAILED_ACCESS_REPORT.csv"),
                ScaleSimReports.DETAILED_COLUMNS);
        assertEquals(4, npuLayers.size(), "the MNIST CNN runs four layers on the NPU");
        assertEquals(npuLayers.size(), compute.size());
        assertEquals(npuLayers.size(), bandwidth.size());
        assertEquals(npuLayers.size(), detail.size());
        for (int id = 0; id < npuLayers.size(); id++) {
            CSVRecord layer = npuLayers.get(id);
            Map<String, String> c = compute.get(id);
            Map<String, String> d = detail.get(id);
            Map<String, String> b = bandwidth.get(id);
            assertEquals(Integer.toString(id), c.get("LayerID"));
            long cycles = Long.parseLong(layer.get("cycles_simulated"));
            assertEquals(cycles, Long.parseLong(c.get("Total Cycles")), layer.get("layer"));
            long stall = Long.parseLong(c.get("Stall Cycles"));
            assertTrue(stall >= 0 && stall < cycles, c.toString());
            assertEquals(Double.parseDouble(layer.get("utilisation")) * 100, Double.parseDouble(c.get("Overall Util %")),
                    1e-3, layer.get("layer"));
            double mapping = Double.parseDouble(c.get("Mapping Efficiency %"));
            double computeUtil = Double.parseDouble(c.get("Compute Util %"));
            assertTrue(mapping > 0 && mapping <= 100 && computeUtil > 0 && computeUtil <= mapping, c.toString());
            long dramRead = Long.parseLong(d.get("DRAM IFMAP Reads")) + Long.parseLong(d.get("DRAM Filter Reads"));
            assertEquals(Long.parseLong(layer.get("hbm_read_bytes")), dramRead * elementBytes, layer.get("layer"));
            assertEquals(Long.parseLong(layer.get("hbm_written_bytes")),
                    Long.parseLong(d.get("DRAM OFMAP Writes")) * elementBytes, layer.get("layer"));
            long weights = Long.parseLong(layer.get("k")) * Long.parseLong(layer.get("n"));
            assertTrue(Long.parseLong(d.get("DRAM Filter Reads")) >= weights, "every weight is loaded at least once");
            assertTrue(Long.parseLong(d.get("SRAM OFMAP Writes")) >= Long.parseLong(layer.get("m"))
                    * Long.parseLong(layer.get("n")), "every result is written at least once");
            long ifmapReads = Long.parseLong(d.get("SRAM IFMAP Reads"));
            assertEquals(ifmapReads / (double) cycles, Double.parseDouble(b.get("Avg IFMAP SRAM BW")), 1e-9);
            for (String op : List.of("SRAM IFMAP", "SRAM Filter", "SRAM OFMAP", "DRAM IFMAP", "DRAM Filter", "DRAM OFMAP")) {
                long start = Long.parseLong(d.get(op + " Start Cycle"));
                long stop = Long.parseLong(d.get(op + " Stop Cycle"));
                assertTrue(0 <= start && start <= stop && stop < cycles, op + " " + d);
            }
            long ofmapDram = Long.parseLong(d.get("DRAM OFMAP Writes"));
            double span = Long.parseLong(d.get("DRAM OFMAP Stop Cycle")) - Long.parseLong(d.get("DRAM OFMAP Start Cycle")) + 1;
            assertEquals(ofmapDram / span, Double.parseDouble(b.get("Avg OFMAP DRAM BW")), 1e-9);
        }
    }

    @Test
    void existingReportsAreRefusedBeforeTheRunAndReplacedWithForce() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("reports"));
        Files.writeString(dir.resolve("BANDWIDTH_REPORT.csv"), "mine\n");
        NpuCommandTest.Run r = npu("run", "--limit", "1", "--scalesim-reports", dir.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("BANDWIDTH_REPORT.csv: already exists; give --force"), r.err());
        assertFalse(r.err().contains("simulating"), "refused before the run: " + r.err());
        assertFalse(Files.exists(dir.resolve("COMPUTE_REPORT.csv")), "nothing written");
        assertEquals("mine\n", Files.readString(dir.resolve("BANDWIDTH_REPORT.csv")));
        assertEquals(0, npu("run", "--limit", "1", "--scalesim-reports", dir.toString(), "--force").exit());
        assertTrue(Files.readString(dir.resolve("BANDWIDTH_REPORT.csv")).startsWith("LayerID, Avg IFMAP SRAM BW, "));
    }

    @Test
    void aFileWhereTheFolderShouldBeIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("reports"), "x");
        NpuCommandTest.Run r = npu("run", "--limit", "1", "--scalesim-reports", file.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--scalesim-reports " + file + ": exists and is not a folder"), r.err());
        NpuCommandTest.Run missing = npu("run", "--limit", "1", "--scalesim-reports", tmp.resolve("no/such").toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
