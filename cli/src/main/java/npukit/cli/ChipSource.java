package npukit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ScaleSimConfigImporter;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;

/**
 * Resolves what a user names as a chip: a preset name, a YAML/JSON config file, or a SCALE-Sim
 * {@code .cfg} (whose assumptions are returned so the command can show them).
 */
record ChipSource(ChipConfig config, List<String> assumptions) {

    static ChipSource resolve(String nameOrFile) {
        if (ChipPresets.names().contains(nameOrFile)) {
            return new ChipSource(ChipPresets.get(nameOrFile), List.of());
        }
        Path file = Path.of(nameOrFile);
        boolean looksLikeFile = nameOrFile.contains("/") || nameOrFile.contains(".");
        if (!looksLikeFile) {
            throw new UserInputException("unknown chip '" + UserException.excerpt(nameOrFile) + "'; presets: "
                    + String.join(", ", ChipPresets.names()) + " (or give a .yaml, .json or SCALE-Sim .cfg file)");
        }
        InputFiles.requireRegularFile(file, (f, problem) -> new UserInputException(f + ": " + problem));
        if (nameOrFile.toLowerCase(Locale.ROOT).endsWith(".cfg")) {
            ScaleSimConfigImporter.Imported imported = ScaleSimConfigImporter.read(file);
            return new ChipSource(imported.config(), imported.assumptions());
        }
        return new ChipSource(ChipConfigIO.read(file), List.of());
    }

    /** A comma-separated list of chips; {@code all} means every preset. */
    static List<ChipConfig> resolveList(String list) {
        List<ChipConfig> chips = new ArrayList<>();
        for (String item : list.split(",")) {
            String name = item.trim();
            if (name.equals("all")) {
                chips.addAll(ChipPresets.all());
            } else if (!name.isEmpty()) {
                chips.add(resolve(name).config());
            }
        }
        if (chips.isEmpty()) {
            throw new UserInputException("--chips names no chip; give preset names or files separated by commas, or 'all'");
        }
        return chips;
    }
}
