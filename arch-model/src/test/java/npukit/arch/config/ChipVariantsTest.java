package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Variants of a chip by field path, validated like a chip file. */
class ChipVariantsTest {

    static final Path SPEC = Path.of("sweep.yaml");

    @Test
    void changedFieldsAndADistinctStableName() {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("array.rows", 32);
        changes.put("array.dataflow", "os");
        ChipConfig v = ChipVariants.with(ChipPresets.gemmini(), changes, SPEC);
        assertEquals(32, v.array().rows());
        assertEquals(Dataflow.OS, v.array().dataflow());
        assertEquals(16, v.array().cols());
        assertTrue(v.name().matches("gemmini-[0-9a-f]{8}"), v.name());
        assertEquals(v, ChipVariants.with(ChipPresets.gemmini(), changes, SPEC));
        assertNotEquals(v.hash(), ChipVariants.with(ChipPresets.gemmini(), Map.of("array.rows", 32), SPEC).hash());
        assertEquals(ChipPresets.gemmini(), ChipVariants.with(ChipPresets.gemmini(), Map.of(), SPEC));
        assertEquals(32, ChipVariants.values(v).get("array.rows"));
        assertEquals("os", ChipVariants.values(v).get("array.dataflow"));
        assertEquals(ChipVariants.fields().size(), ChipVariants.values(v).size());
    }

    @Test
    void unknownFieldsAndValuesNoChipAcceptsNameTheSourceFieldAndValue() {
        ConfigFileException unknown = assertThrows(ConfigFileException.class,
                () -> ChipVariants.with(ChipPresets.gemmini(), Map.of("array.rowz", 4), SPEC));
        assertTrue(unknown.getMessage().startsWith("sweep.yaml: array.rowz: not a chip field"), unknown.getMessage());
        ConfigFileException bad = assertThrows(ConfigFileException.class,
                () -> ChipVariants.with(ChipPresets.gemmini(), Map.of("array.dataflow", "diagonal"), SPEC));
        assertTrue(bad.getMessage().contains("array.dataflow = diagonal: must be one of"), bad.getMessage());
        ConfigFileException zero = assertThrows(ConfigFileException.class,
                () -> ChipVariants.with(ChipPresets.gemmini(), Map.of("array.rows", 0), SPEC));
        assertTrue(zero.getMessage().contains("array.rows") && zero.getMessage().contains("0"), zero.getMessage());
    }
}
