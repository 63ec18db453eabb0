package npukit.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.arch.config.Dataflow;
import npukit.runner.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs as people write them, and every kind of mistake refused before anything runs. */
class SweepSpecReaderTest {

    @TempDir
    Path dir;

    static final String WORKLOADS = "workloads:\n  - programs: random\n    count: 2\n    size: 20\n";

    SweepSpec read(String yaml) throws IOException {
        Path f = dir.resolve("spec.yaml");
        Files.writeString(f, yaml);
        return SweepSpecReader.read(f);
    }

    String refused(String yaml) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, yaml);
        InputException e = assertThrows(InputException.class, () -> SweepSpecReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void gridOfRangesAndListsFilteredByConstraintsInSpecOrder() throws IOException {
        SweepSpec s = read("base: gemmini\nfields:\n  array.rows: {from: 8, to: 32, times: 2}\n"
                + "  array.cols: {from: 8, to: 32, step: 8}\n  array.dataflow: [ws, os]\n"
                + "constraints: [\"rows == cols\", \"rows * cols <= 256\"]\n" + WORKLOADS);
        assertEquals(List.of("array.rows", "array.cols", "array.dataflow"), s.fields());
        // rows 8, 16, 32 x cols 8, 16, 24, 32 x 2 dataflows, rows == cols and at most 256 PEs: 8x8 and 16x16.
        assertEquals(4, s.points().size());
        assertEquals(List.of(8, 8, 16, 16), s.points().stream().map(p -> p.chip().array().rows()).toList());
        assertEquals(List.of(Dataflow.WS, Dataflow.OS, Dataflow.WS, Dataflow.OS),
                s.points().stream().map(p -> p.chip().array().dataflow()).toList());
        assertEquals(4, s.jobs());
        assertEquals("random-programs", s.workloads().get(0).name());
    }

    @Test
    void listedPointsAndSeededRandomDraws() throws IOException {
        SweepSpec list = read("base: edge-cmsis\nsampling: list\npoints:\n  - {array.rows: 4, hbm.channels: 2}\n"
                + "  - {array.rows: 12, hbm.channels: 1}\n" + WORKLOADS);
        assertEquals(List.of("array.rows", "hbm.channels"), list.fields());
        assertEquals(2, list.points().get(0).chip().hbm().channels());
        String random = "base: gemmini\nsampling: random\nsamples: 5\nseed: 3\nfields:\n  array.rows: {from: 4, to: 64, "
                + "step: 4}\n  sram.scratchpad-kib: [128, 256, 512]\n" + WORKLOADS;
        List<Object> a = read(random).points().stream().map(p -> (Object) p.values()).toList();
        assertEquals(5, a.size());
        assertEquals(a, read(random).points().stream().map(p -> (Object) p.values()).toList(), "same seed, same points");
        assertEquals(5, a.stream().distinct().count(), "drawn without replacement");
    }

    @Test
    void badSpecsNameTheKeyAndTheValue() throws IOException {
        String ok = "base: gemmini\nfields:\n  array.rows: [8, 16]\n" + WORKLOADS;
        assertTrue(refused(ok.replace("fields:", "feilds:")).startsWith("feilds: unknown key; allowed: base, fields"));
        assertTrue(refused(ok.replace("array.rows", "array.rowz")).startsWith("fields: array.rowz: not a chip field;"));
        assertEquals("fields: array.rows: the list is empty", refused(ok.replace("[8, 16]", "[]")));
        assertTrue(refused(ok.replace("[8, 16]", "{from: 16, to: 8, step: 4}")).startsWith("fields: array.rows: the range"));
        String zero = refused(ok.replace("[8, 16]", "[8, 0]"));
        assertTrue(zero.contains("array.rows") && zero.contains("0"), zero);
        String many = refused(ok.replace("[8, 16]", "[8, many]"));
        assertTrue(many.contains("array.rows = \"many\": expected an integer"), many);
        assertTrue(refused(ok.replace("base: gemmini", "base: gemmmini")).startsWith("base = gemmmini: neither a preset"));
        assertTrue(refused(ok + "constraints: rows > 100\n").startsWith("constraints: no point of the 2 meets"));
        assertTrue(refused(ok + "constraints: rows >> 1\n").startsWith("constraints: constraint 'rows >> 1'"));
        assertTrue(refused(ok.replace(WORKLOADS, "workloads:\n  - topology: nowhere.csv\n"))
                .startsWith("workloads[0]: " + dir.resolve("nowhere.csv")), "a missing topology is named");
        assertTrue(refused(ok.replace("programs: random", "programs: clever")).contains("programs = clever: must be"));
        assertTrue(refused(ok.replace("    count: 2\n", "    count: 2\n    colour: red\n"))
                .startsWith("workloads[0]: colour: unknown key"));
        assertTrue(refused("base: gemmini\nsampling: random\nsamples: 9\nfields:\n  array.rows: [8, 16]\n" + WORKLOADS)
                .startsWith("samples = 9: must lie in 1..2"));
        assertTrue(refused("base: [gemmini\n").startsWith("not valid YAML"));
        String combo = refused("base: gemmini\nsampling: list\npoints:\n  - {array.rows: 0, array.cols: 4}\n"
                + WORKLOADS);
        assertTrue(combo.contains("leave such points out with a constraint"), combo);
    }

    @Test
    void aTopologyIsTimedFromItsShapesAndRefusesKeysThatNeedData() throws IOException {
        Path topology = Files.writeString(dir.resolve("t.csv"), "Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                + "Filter Width, Channels, Num Filter, Strides,\nConv1, 8, 8, 3, 3, 4, 8, 1,\n");
        String ok = "base: gemmini\nfields:\n  array.rows: [8, 16]\nworkloads:\n  - topology: t.csv\n";
        assertTrue(read(ok).workloads().get(0) instanceof TopologyWorkload, "the timing-only workload");
        assertEquals("t", read(ok).workloads().get(0).name());
        assertTrue(Files.isRegularFile(topology));
        for (String key : List.of("seed: 3", "samples: 1", "data: digits.libsvm")) {
            String field = key.substring(0, key.indexOf(':'));
            String value = key.substring(key.indexOf(' ') + 1);
            String message = refused(ok + "    " + key + "\n");
            assertTrue(message.startsWith("workloads[0]: " + field + " = " + (field.equals("data") ? "\"" + value + "\""
                    : value) + ": a topology workload is timed from its layer shapes alone"), message);
        }
    }

    @Test
    void aTopologyTakesABatchAndOtherWorkloadsRefuseIt() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "Layer name, IFMAP Height, IFMAP Width, Filter Height, "
                + "Filter Width, Channels, Num Filter, Strides,\nConv1, 8, 8, 3, 3, 4, 8, 1,\n");
        String ok = "base: gemmini\nfields:\n  array.rows: [8, 16]\nworkloads:\n  - topology: t.csv\n";
        assertEquals(1, ((TopologyWorkload) read(ok).workloads().get(0)).batch(), "batch 1 by default");
        assertEquals(4, ((TopologyWorkload) read(ok + "    batch: 4\n").workloads().get(0)).batch());
        for (String bad : List.of("0", "-1", "1000000")) {
            String message = refused(ok + "    batch: " + bad + "\n");
            assertTrue(message.startsWith("workloads[0]: batch = " + bad + ": a batch is 1 to"), message);
        }
        String many = refused(ok + "    batch: many\n");
        assertTrue(many.contains("batch = \"many\": expected an integer"), many);
        String programs = refused(WORKLOADS.replace("    size: 20\n", "    size: 20\n    batch: 4\n")
                .replace("workloads:", "base: gemmini\nfields:\n  array.rows: [8, 16]\nworkloads:"));
        assertTrue(programs.startsWith("workloads[0]: batch = 4: batches run on a topology workload"), programs);
    }
}
