package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/chip-config.md are the code's own output: a YAML block naming a preset is that preset. */
class ChipConfigDocTest {

    private static final Path DOC = Path.of("..", "docs", "chip-config.md");
    private static final Pattern BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("^name: (\\S+)$", Pattern.MULTILINE);

    @Test
    void everyPresetExampleInTheDocIsWhatChipConfigIoWrites() throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = BLOCK.matcher(doc);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String block = m.group(1);
            Matcher name = NAME.matcher(block);
            if (name.find() && ChipPresets.names().contains(name.group(1))) {
                assertEquals(ChipConfigIO.toYaml(ChipPresets.get(name.group(1))), block,
                        DOC + ": the example of preset " + name.group(1) + " differs from the preset");
                checked.add(name.group(1));
            }
        }
        assertFalse(checked.isEmpty(), DOC + " has no YAML example of a preset");
    }
}
