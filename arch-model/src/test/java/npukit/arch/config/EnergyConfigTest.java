package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The energy section: validation, defaults when a file leaves it out, errors naming file and field, the hash. */
class EnergyConfigTest {

    @TempDir
    Path dir;

    @Test
    void rangesAreChecked() {
        assertEquals("multiply-8bit-pj = -0.1: must be an energy in pJ between 0 and 1000000",
                assertThrows(ConfigException.class, () -> new EnergyConfig(-0.1, 0.1, 0.1, 0.1, 1, 8, 0.5, 100, 20, 0))
                        .getMessage());
        assertEquals("hbm-pj-per-byte = NaN: must be an energy in pJ between 0 and 1000000",
                assertThrows(ConfigException.class,
                        () -> new EnergyConfig(0.2, 0.1, 0.1, 0.1, 1, 8, 0.5, Double.NaN, 20, 0)).getMessage());
        assertEquals("sram-size-exponent = 2.0: must be between 0 and 1",
                assertThrows(ConfigException.class, () -> new EnergyConfig(0.2, 0.1, 0.1, 0.1, 1, 8, 2, 100, 20, 0))
                        .getMessage());
        assertEquals("sram-reference-kib = 0.0: must be above 0 and at most 1048576",
                assertThrows(ConfigException.class, () -> new EnergyConfig(0.2, 0.1, 0.1, 0.1, 1, 0, 0.5, 100, 20, 0))
                        .getMessage());
        assertEquals("static-mw = -1.0: must be between 0 and 1000000 mW",
                assertThrows(ConfigException.class, () -> new EnergyConfig(0.2, 0.1, 0.1, 0.1, 1, 8, 0.5, 100, 20, -1))
                        .getMessage());
    }

    @Test
    void defaultsAreLeftOutOfFilesAndKeepTheHash() throws IOException {
        ChipConfig g = ChipPresets.gemmini();
        assertEquals(EnergyConfig.horowitz45nm(), g.energy());
        String yaml = ChipConfigIO.toYaml(g);
        assertFalse(yaml.contains("energy:"), "a chip on the default energies has no energy section");
        assertEquals(g.hash(), g.withEnergy(EnergyConfig.horowitz45nm()).hash());
        assertEquals(g, read("g.yaml", yaml));
    }

    @Test
    void aChangedEnergyIsWrittenReadBackAndHashed() throws IOException {
        ChipConfig eyeriss = ChipPresets.eyeriss();
        assertEquals(EnergyConfig.eyerissNormalized(), eyeriss.energy());
        String yaml = ChipConfigIO.toYaml(eyeriss);
        assertTrue(yaml.contains("energy:\n  multiply-8bit-pj: 0.225\n"), yaml);
        assertEquals(eyeriss, read("e.yaml", yaml));
        assertEquals(eyeriss, ChipConfigIO.read(write("e.json", ChipConfigIO.toJson(eyeriss))));
        ChipConfig g = ChipPresets.gemmini();
        assertNotEquals(g.hash(), g.withEnergy(EnergyConfig.eyerissNormalized()).hash());
        // A variant of a chip with its own energies keeps them.
        ChipConfig bigger = ChipVariants.with(eyeriss, Map.of("array.rows", 16), dir.resolve("sweep.yaml"));
        assertEquals(eyeriss.energy(), bigger.energy());
    }

    @Test
    void fieldsMayBeLeftOutAndBadOnesNameTheFileAndField() throws IOException {
        String yaml = ChipConfigIO.toYaml(ChipPresets.gemmini());
        ChipConfig partial = read("partial.yaml", yaml + "energy: {hbm-pj-per-byte: 40, static-mw: 12.5}\n");
        EnergyConfig d = EnergyConfig.horowitz45nm();
        assertEquals(new EnergyConfig(d.multiply8BitPj(), d.add32BitPj(), d.registerPjPerByte(), d.hopPjPerByte(),
                d.sramPjPerByte(), d.sramReferenceKiB(), d.sramSizeExponent(), 40, d.instructionPj(), 12.5),
                partial.energy());
        Path bad = write("bad.yaml", yaml + "energy: {hbm-pj-per-byte: -3}\n");
        assertEquals(bad + ": energy.hbm-pj-per-byte = -3.0: must be an energy in pJ between 0 and 1000000",
                assertThrows(ConfigFileException.class, () -> ChipConfigIO.read(bad)).getMessage());
        Path text = write("text.yaml", yaml + "energy: {instruction-pj: lots}\n");
        assertEquals(text + ": energy.instruction-pj = \"lots\": expected a number, got a string",
                assertThrows(ConfigFileException.class, () -> ChipConfigIO.read(text)).getMessage());
        Path unknown = write("unknown.yaml", yaml + "energy: {dram-pj: 4}\n");
        assertTrue(assertThrows(ConfigFileException.class, () -> ChipConfigIO.read(unknown)).getMessage()
                .startsWith(unknown + ": energy.dram-pj: unknown field; allowed: multiply-8bit-pj,"));
    }

    private ChipConfig read(String name, String text) throws IOException {
        return ChipConfigIO.read(write(name, text));
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
