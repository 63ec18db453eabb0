package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports the real SCALE-Sim configs kept next to the repository, plus hand-made bad ones. */
class ScaleSimConfigImporterTest {

    @TempDir
    Path dir;

    // Maven runs tests in the module folder, whose parent is the repository root.
    private static Path shared(String name) {
        Path folder = Path.of("").toAbsolutePath().getParent().resolve("workloads/scalesim/configs");
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("SCALE-Sim config not found: " + file
                    + " (expected workloads/scalesim/configs in the repository)");
        }
        return file;
    }

    private static void assertHas(List<String> assumptions, String line) {
        assertTrue(assumptions.contains(line), () -> "missing assumption:\n  " + line + "\nin:\n  "
                + String.join("\n  ", assumptions));
    }

    @Test
    void scaleCfg() {
        var imported = ScaleSimConfigImporter.read(shared("scale.cfg"));
        ChipConfig c = imported.config();
        assertEquals("scale-example-run-32x32-os", c.name());
        assertEquals(new ArrayConfig(32, 32, Dataflow.OS, 8, 32, PeType.LINEAR), c.array());
        assertEquals(new SramConfig(128, 64, 1, 32), c.sram());
        assertEquals(new HbmConfig(1, 16, 16, 64, 2048, 1, 1, 256, 4096), c.hbm());
        assertEquals(1000.0, c.clock().frequencyMhz());
        List<String> a = imported.assumptions();
        assertHas(a, "name = scale-example-run-32x32-os: run_name 'scale_example_run_32x32_os' changed to fit the"
                + " name pattern (lower-case letters, digits and '-', at most 64)");
        assertHas(a, "sram.scratchpad-kib = 128: IfmapSramSzkB + FilterSramSzkB = 64 + 64; the ifmap and filter"
                + " buffers share one scratchpad");
        assertHas(a, "hbm.channels = 1, hbm.bytes-per-cycle-per-channel = 16: Bandwidth = 10 words per cycle"
                + " (one word = one byte) on one channel, rounded up to a power of two");
        assertHas(a, "ignored [run_presets] InterfaceBandwidth = CALC: the HBM rate always comes from Bandwidth,"
                + " as SCALE-Sim's USER mode would use it");
        for (String offset : List.of("IfmapOffset = 0", "FilterOffset = 10000000", "OfmapOffset = 20000000")) {
            assertHas(a, "ignored [architecture_presets] " + offset
                    + ": addresses are placed by the compiler's memory planner");
        }
        assertHas(a, "clock.frequency-mhz = 1000: SCALE-Sim counts cycles only; 1 GHz assumed");
        assertHas(a, "array.operand-bits = 8, array.accumulator-bits = 32: SCALE-Sim has no data widths;"
                + " int8 operands and int32 accumulators assumed");
        assertTrue(a.stream().anyMatch(s -> s.startsWith("quant: ")), String.valueOf(a));
        assertTrue(a.stream().anyMatch(s -> s.startsWith("array.pe = linear: ")), String.valueOf(a));
        assertTrue(a.stream().anyMatch(s -> s.startsWith("sram.bank-port-bytes = 32: ")), String.valueOf(a));
        assertTrue(a.stream().anyMatch(s -> s.startsWith("hbm: SCALE-Sim's memory has no latency")), String.valueOf(a));
    }

    @Test
    void googleCfg() {
        ChipConfig c = ScaleSimConfigImporter.read(shared("google.cfg")).config();
        assertEquals("googletpu-v1-ws", c.name());
        assertEquals(new ArrayConfig(256, 256, Dataflow.WS, 8, 32, PeType.LINEAR), c.array());
        assertEquals(new SramConfig(12288, 2048, 1, 256), c.sram());
        assertEquals(16, c.hbm().peakBytesPerCycle());
    }

    @Test
    void eyerissCfg() {
        var imported = ScaleSimConfigImporter.read(shared("eyeriss.cfg"));
        ChipConfig c = imported.config();
        assertEquals("eyeriss", c.name());
        assertEquals(new ArrayConfig(12, 14, Dataflow.WS, 8, 32, PeType.LINEAR), c.array());
        assertEquals(new SramConfig(72, 36, 1, 16), c.sram());
        // The name was already valid, so no line about it.
        assertTrue(imported.assumptions().stream().noneMatch(s -> s.startsWith("name")), imported.assumptions()::toString);
    }

    private Path cfg(String text) throws IOException {
        Path f = dir.resolve("bad.cfg");
        Files.writeString(f, text);
        return f;
    }

    private static final String ARCH = """
            [general]
            run_name = My Run!

            [architecture_presets]
            ArrayHeight: 8
            ArrayWidth = 8
            IfmapSramSzkB: 16
            FilterSramSzkB: 16
            OfmapSramSzkB: 16
            Dataflow: is
            Bandwidth: 3
            MemoryBanks: 3
            SparsitySupport: false
            """;

    @Test
    void roundsBanksSanitisesNamesAndListsUnknownKeys() throws IOException {
        var imported = ScaleSimConfigImporter.read(cfg(ARCH));
        ChipConfig c = imported.config();
        assertEquals("my-run", c.name());
        assertEquals(Dataflow.IS, c.array().dataflow());
        assertEquals(new SramConfig(32, 16, 4, 8), c.sram());
        assertEquals(4, c.hbm().bytesPerCyclePerChannel());
        assertHas(imported.assumptions(), "sram.banks = 4: MemoryBanks = 3 rounded up to a power of two");
        assertHas(imported.assumptions(), "ignored [architecture_presets] SparsitySupport = false: no equivalent"
                + " in this toolkit");
    }

    @Test
    void valueErrorsNameSectionKeyAndValue() throws IOException {
        Path f = dir.resolve("bad.cfg");
        String zero = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg(ARCH.replace("ArrayHeight: 8", "ArrayHeight: x")))).getMessage();
        assertEquals(f + ": [architecture_presets] ArrayHeight = x: must be a positive integer", zero);
        String big = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg(ARCH.replace("ArrayWidth = 8", "ArrayWidth = 2048"))))
                .getMessage();
        assertEquals(f + ": [architecture_presets] ArrayWidth = 2048: must be between 1 and 1024", big);
        String flow = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg(ARCH.replace("Dataflow: is", "Dataflow: rs")))).getMessage();
        assertEquals(f + ": [architecture_presets] Dataflow = rs: must be one of os, ws, is", flow);
        String banks = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg(ARCH.replace("MemoryBanks: 3", "MemoryBanks: 65"))))
                .getMessage();
        assertEquals(f + ": [architecture_presets] MemoryBanks = 65: must be between 1 and 64", banks);
    }

    @Test
    void missingKeysAndSectionsAreNamed() throws IOException {
        Path f = dir.resolve("bad.cfg");
        String key = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg(ARCH.replace("Bandwidth: 3\n", "")))).getMessage();
        assertEquals(f + ": [architecture_presets] Bandwidth: missing", key);
        String section = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg("[general]\nrun_name = x\n"))).getMessage();
        assertEquals(f + ": [architecture_presets]: missing section", section);
    }

    @Test
    void syntaxErrorsGiveTheLine() throws IOException {
        Path f = dir.resolve("bad.cfg");
        String noSeparator = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg(ARCH.replace("ArrayWidth = 8", "ArrayWidth 8")))).getMessage();
        assertEquals(f + ":6: expected 'key: value' or 'key = value', got 'ArrayWidth 8'", noSeparator);
        String header = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg("[general\nrun_name = x\n"))).getMessage();
        assertEquals(f + ":1: expected a section header '[name]', got '[general'", header);
        String orphan = assertThrows(ConfigFileException.class,
                () -> ScaleSimConfigImporter.read(cfg("# comment\nArrayHeight: 8\n"))).getMessage();
        assertEquals(f + ":2: 'ArrayHeight: 8' comes before any [section] header", orphan);
    }
}
