package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control section: ranges, defaults when a file leaves it out, and errors naming file and field. */
class ControlConfigTest {

    @TempDir
    Path dir;

    @Test
    void rangesAndDefaults() {
        ChipConfig g = ChipPresets.gemmini();
        assertEquals(new ControlConfig(8, 8, 16), ControlConfig.defaults(g.hbm()));
        // Gemmini's default config has 16 memory requests in flight; a preset that names no sizes gets the defaults.
        assertEquals(new ControlConfig(8, 16, 16), g.control());
        ChipConfig e = ChipPresets.eyeriss();
        assertEquals(ControlConfig.defaults(e.hbm()), e.control());
        HbmConfig wideBursts = new HbmConfig(1, 1, 16, 1024, 1024, 1, 1, 1024, 1);
        assertEquals(64, ControlConfig.defaults(wideBursts).fetchBuffer());
        assertEquals("queue-depth = 0: must be between 1 and 64",
                assertThrows(ConfigException.class, () -> new ControlConfig(0, 8, 16)).getMessage());
        assertEquals("dma-outstanding = 65: must be between 1 and 64",
                assertThrows(ConfigException.class, () -> new ControlConfig(8, 65, 16)).getMessage());
        assertEquals("fetch-buffer = 24: must be a power of two between 1 and 4096",
                assertThrows(ConfigException.class, () -> new ControlConfig(8, 8, 24)).getMessage());
    }

    @Test
    void theFetchBufferHoldsABurst() {
        ChipConfig g = ChipPresets.gemmini();
        assertEquals("control.fetch-buffer = 2: must hold at least one HBM burst, which the fetch unit reads"
                        + " whole: 16 x fetch-buffer >= hbm.burst-bytes = 64, so at least 4",
                assertThrows(ConfigException.class, () -> g.withControl(new ControlConfig(8, 8, 2))).getMessage());
        assertEquals(4, g.withControl(new ControlConfig(8, 8, 4)).control().fetchBuffer());
    }

    @Test
    void sectionAndFieldsMayBeLeftOut() throws IOException {
        ChipConfig chip = ChipPresets.gemmini().withControl(new ControlConfig(2, 16, 64));
        String yaml = ChipConfigIO.toYaml(chip);
        assertEquals(chip, read("full.yaml", yaml));
        assertEquals(ControlConfig.defaults(chip.hbm()), read("none.yaml", withoutControl(yaml)).control());
        String partial = withoutControl(yaml) + "control: {dma-outstanding: 1}\n";
        assertEquals(new ControlConfig(8, 1, 16), read("partial.yaml", partial).control());
    }

    @Test
    void badValuesNameTheFileAndField() throws IOException {
        String yaml = withoutControl(ChipConfigIO.toYaml(ChipPresets.gemmini()));
        Path bad = write("bad.yaml", yaml + "control: {queue-depth: 100}\n");
        assertEquals(bad + ": control.queue-depth = 100: must be between 1 and 64",
                assertThrows(ConfigFileException.class, () -> ChipConfigIO.read(bad)).getMessage());
        Path unknown = write("unknown.yaml", yaml + "control: {queue-size: 4}\n");
        assertEquals(unknown + ": control.queue-size: unknown field; allowed: queue-depth, dma-outstanding,"
                        + " fetch-buffer",
                assertThrows(ConfigFileException.class, () -> ChipConfigIO.read(unknown)).getMessage());
    }

    @Test
    void theHashCoversTheControlSizes() {
        ChipConfig g = ChipPresets.gemmini();
        assertEquals(g.hash(), g.withControl(new ControlConfig(8, 16, 16)).hash());
        assertEquals(false, g.hash().equals(g.withControl(new ControlConfig(8, 17, 16)).hash()));
        assertEquals(false, g.hash().equals(g.withControl(new ControlConfig(8, 16, 32)).hash()));
    }

    private static String withoutControl(String yaml) {
        return yaml.replaceAll("(?m)^control:\\n(  .*\\n)*", "");
    }

    private ChipConfig read(String name, String text) throws IOException {
        return ChipConfigIO.read(write(name, text));
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
