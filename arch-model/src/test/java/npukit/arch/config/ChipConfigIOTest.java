package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChipConfigIOTest {

    @TempDir
    Path dir;

    static Stream<ChipConfig> presets() {
        return ChipPresets.all().stream();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void everyPresetRoundTripsThroughYamlAndJson(ChipConfig preset) {
        for (String ext : List.of(".yaml", ".yml", ".json")) {
            Path file = dir.resolve(preset.name() + ext);
            ChipConfigIO.write(preset, file, false);
            assertEquals(preset, ChipConfigIO.read(file), ext);
        }
    }

    @Test
    void namesThatLookLikeNumbersOrBooleansRoundTrip() {
        ChipConfig g = ChipPresets.gemmini();
        ChipConfig odd = new ChipConfig("123", "true", g.array(), g.sram(), g.hbm(), g.quant(), g.clock());
        Path file = dir.resolve("odd.yaml");
        ChipConfigIO.write(odd, file, false);
        assertEquals(odd, ChipConfigIO.read(file));
    }

    @Test
    void writeLeavesNoTemporaryFileAndReplacesTheOldOne() throws IOException {
        Path file = dir.resolve("chip.json");
        ChipConfigIO.write(ChipPresets.gemmini(), file, false);
        ChipConfigIO.write(ChipPresets.vta(), file, true);
        assertEquals(ChipPresets.vta(), ChipConfigIO.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void hashIsFixedDeterministicAndCoversEveryField() {
        ChipConfig g = fixedConfig();
        // The hash is stamped into RTL and results files, so it is pinned: the value was computed
        // outside Java with sha256sum over the canonical JSON text.
        String expected = "40b32b636a6983ed";
        assertEquals(expected, g.hash());
        assertEquals(expected, fixedConfig().hash());
        assertEquals(expected, ChipConfigIO.read(writeYaml(g)).hash());

        Set<String> hashes = new HashSet<>();
        for (ChipConfig c : ChipPresets.all()) {
            hashes.add(c.hash());
        }
        assertEquals(ChipPresets.all().size(), hashes.size());

        ChipConfig otherDescription = new ChipConfig(g.name(), g.description() + ".", g.array(), g.sram(),
                g.hbm(), g.quant(), g.clock());
        ChipConfig otherClock = new ChipConfig(g.name(), g.description(), g.array(), g.sram(), g.hbm(), g.quant(),
                new ClockConfig(1000.5));
        HbmConfig h = g.hbm();
        ChipConfig otherRowMiss = new ChipConfig(g.name(), g.description(), g.array(), g.sram(),
                new HbmConfig(h.channels(), h.banksPerChannel(), h.bytesPerCyclePerChannel(), h.burstBytes(),
                        h.rowBytes(), h.rowHitCycles(), h.rowMissCycles() + 1, h.interleaveBytes(), h.capacityMiB()),
                g.quant(), g.clock());
        for (ChipConfig changed : List.of(otherDescription, otherClock, otherRowMiss)) {
            assertNotEquals(expected, changed.hash());
        }
    }

    @Test
    void canonicalJsonSortsKeysAndHasNoWhitespace() {
        String json = ChipConfigIO.canonicalJson(ChipPresets.gemmini());
        assertTrue(json.startsWith("{\"array\":{\"accumulator-bits\":32,\"cols\":16,\"dataflow\":\"ws\""), json);
        assertTrue(json.contains("\"clock\":{\"frequency-mhz\":1000.0},\"control\":{\"dma-outstanding\":16,"
                + "\"fetch-buffer\":16,\"queue-depth\":8},\"description\":"), json);
        assertTrue(json.endsWith("\"sram\":{\"accumulator-kib\":64,\"bank-port-bytes\":16,\"banks\":4,"
                + "\"scratchpad-kib\":256}}"), json);
    }

    @Test
    void yamlIsWrittenInDocumentedOrder() {
        String yaml = ChipConfigIO.toYaml(ChipPresets.gemmini());
        assertTrue(yaml.startsWith("name: gemmini\ndescription: "), yaml);
        assertTrue(yaml.contains("array:\n  rows: 16\n  cols: 16\n  dataflow: ws\n"), yaml);
        assertTrue(yaml.indexOf("sram:") < yaml.indexOf("hbm:") && yaml.indexOf("hbm:") < yaml.indexOf("control:")
                && yaml.indexOf("control:") < yaml.indexOf("quant:") && yaml.indexOf("quant:") < yaml.indexOf("clock:"));
    }

    @Test
    void descriptionIsOptional() throws IOException {
        String yaml = ChipConfigIO.toYaml(ChipPresets.gemmini()).replaceAll("(?m)^description: .*\n", "");
        Path file = dir.resolve("nodesc.yaml");
        Files.writeString(file, yaml);
        assertEquals("", ChipConfigIO.read(file).description());
    }

    private static ChipConfig fixedConfig() {
        return new ChipConfig("fixed", "pinned for the hash test",
                new ArrayConfig(16, 16, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(256, 64, 4, 16),
                new HbmConfig(8, 16, 32, 64, 2048, 14, 42, 256, 4096),
                QuantConfig.tfliteInt8(),
                new ClockConfig(1000));
    }

    private Path writeYaml(ChipConfig c) {
        Path file = dir.resolve("w-" + c.name() + ".yaml");
        ChipConfigIO.write(c, file, false);
        return file;
    }
}
