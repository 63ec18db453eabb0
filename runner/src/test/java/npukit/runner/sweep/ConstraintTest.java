package npukit.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ChipVariants;
import org.junit.jupiter.api.Test;

/** The constraint grammar on a chip's field values. */
class ConstraintTest {

    static Map<String, Object> gemmini(Object rows, Object cols) {
        Map<String, Object> v = new LinkedHashMap<>(ChipVariants.values(ChipPresets.gemmini()));
        v.put("array.rows", rows);
        v.put("array.cols", cols);
        return v;
    }

    static Constraint parse(String text) {
        return Constraint.parse(text, ChipVariants.fields());
    }

    @Test
    void arithmeticComparisonsAndShortNames() {
        Constraint c = parse("rows * cols <= 4096");
        assertEquals(Set.of("array.rows", "array.cols"), c.names());
        assertTrue(c.test(gemmini(64, 64)));
        assertFalse(c.test(gemmini(64, 65)));
        assertTrue(parse("array.rows == array.cols && dataflow == 'ws'").test(gemmini(16, 16)));
        assertFalse(parse("rows != cols || dataflow == \"os\"").test(gemmini(16, 16)));
        assertTrue(parse("(rows - cols) % 8 == 0 && -rows < 0").test(gemmini(24, 8)));
        assertTrue(parse("sram.scratchpad-kib / rows >= 16").test(gemmini(16, 16)));
        assertTrue(parse("!(symmetric == false)").test(gemmini(16, 16)));
        assertTrue(parse("frequency-mhz >= 1e3").test(gemmini(16, 16)));
    }

    @Test
    void errorsSayWhereAndWhat() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> parse("rows-cols > 0"));
        assertTrue(unknown.getMessage().contains("unknown name 'rows-cols'") && unknown.getMessage().contains("spaces"),
                unknown.getMessage());
        IllegalArgumentException twoLines = assertThrows(IllegalArgumentException.class, () -> parse("-so\nrows > 1"));
        assertTrue(twoLines.getMessage().startsWith("constraint '-so\\u000arows > 1' at character 2: unknown name 'so'")
                && !twoLines.getMessage().contains("\n"), twoLines.getMessage());
        IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class, () -> parse("rows > 1 )"));
        assertTrue(trailing.getMessage().contains("at character 10: unexpected ')'"), trailing.getMessage());
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> parse("dataflow == 'ws"));
        assertTrue(open.getMessage().contains("not closed"), open.getMessage());
        IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class,
                () -> parse("rows * cols").test(gemmini(2, 2)));
        assertTrue(notBoolean.getMessage().contains("not true or false"), notBoolean.getMessage());
        IllegalArgumentException textOrder = assertThrows(IllegalArgumentException.class,
                () -> parse("dataflow < 3").test(gemmini(2, 2)));
        assertTrue(textOrder.getMessage().contains("expected a number, got 'ws'"), textOrder.getMessage());
    }
}
