package npukit.runner.regress;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ChipVariants;
import npukit.arch.io.UserException;
import npukit.isa.Assembler;
import npukit.isa.Geometry;
import npukit.isa.Program;
import npukit.isa.ProgramException;
import npukit.isa.ProgramFile;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.isa.gen.RegressionPrograms;
import npukit.runner.InputException;
import npukit.runner.SpecYaml;
import npukit.testbench.verify.ChipVerification;

/**
 * Reads a regression suite (YAML, docs/regress.md) and checks all of it before anything runs: unknown
 * keys, unknown chips and chip fields, empty lists, two chips or two programs of one name, folders
 * without programs, seeds without random programs. Every error is an {@link InputException} naming
 * the file, the key and the value.
 */
public final class RegressSuiteReader {

    private static final List<String> TOP = List.of("chips", "programs", "seeds");
    private static final List<String> VARIANT = List.of("base", "set");
    private static final List<String> PROGRAM_KINDS = List.of("regression", "random", "dir");
    private static final List<String> RANDOM = List.of("count", "size");

    private final SpecYaml yaml;

    private RegressSuiteReader(Path file) {
        this.yaml = new SpecYaml(file);
    }

    public static RegressSuite read(Path file) {
        return new RegressSuiteReader(file).read();
    }

    private RegressSuite read() {
        JsonNode root = yaml.root("chips, programs and seeds");
        yaml.allowOnly(root, TOP, "");
        List<ChipConfig> chips = chips(list(root, "chips", "name presets (" + String.join(", ", ChipPresets.names())
                + "), chip files or variants {base, set}"));
        JsonNode programs = list(root, "programs", "give regression, random: {count, size} or dir: FOLDER");
        List<Long> seeds = new ArrayList<>();
        if (root.has("seeds")) {
            for (JsonNode s : list(root, "seeds", "give the random programs' seeds, e.g. [1, 2]")) {
                seeds.add(yaml.integer(s, "seeds"));
            }
        }
        List<RegressCase> cases = new ArrayList<>();
        boolean random = false;
        int i = 0;
        for (JsonNode p : programs) {
            String where = "programs[" + i++ + "]";
            String kind = kind(p, where);
            if (kind.equals("regression")) {
                regression(chips.get(0), cases);
            } else if (kind.equals("random")) {
                random = true;
                random(p.get("random"), where + ": random", seeds, cases);
            } else {
                folder(yaml.text(p.get("dir"), where + ": dir"), where + ": dir", cases);
            }
        }
        if (random && seeds.isEmpty()) {
            throw yaml.error("seeds: missing; random programs need a list of seeds, e.g. seeds: [1, 2]");
        }
        if (!random && !seeds.isEmpty()) {
            throw yaml.error("seeds = " + seeds + ": only random programs take seeds, and programs has none");
        }
        List<String> names = new ArrayList<>();
        for (RegressCase c : cases) {
            if (names.contains(c.name())) {
                throw yaml.error("programs: " + UserException.excerpt(c.name()) + " is given twice");
            }
            names.add(c.name());
        }
        return new RegressSuite(yaml.file(), chips, cases);
    }

    private JsonNode list(JsonNode root, String key, String hint) {
        JsonNode node = root.get(key);
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw yaml.error(key + ": " + (node == null ? "missing" : node.isArray() ? "the list is empty"
                    : UserException.excerpt(node.toString()) + ": expected a list") + "; " + hint);
        }
        return node;
    }

    private List<ChipConfig> chips(JsonNode node) {
        List<ChipConfig> out = new ArrayList<>();
        int i = 0;
        for (JsonNode c : node) {
            String where = "chips[" + i++ + "]";
            ChipConfig chip = c.isObject() ? variant(c, where) : yaml.chip(yaml.text(c, where), where);
            for (ChipConfig other : out) {
                if (other.name().equals(chip.name())) {
                    throw yaml.error(where + " = " + chip.name() + ": a chip of that name is already in the suite; "
                            + "each chip is one test suite, so give each its own name");
                }
            }
            out.add(chip);
        }
        return out;
    }

    /** {base: CHIP, set: {field: value}}: the base chip with those fields changed, named after the changes. */
    private ChipConfig variant(JsonNode c, String where) {
        yaml.allowOnly(c, VARIANT, where + ": ");
        ChipConfig base = yaml.chip(yaml.text(c.get("base"), where + ": base"), where + ": base");
        JsonNode set = c.get("set");
        if (set == null || !set.isObject() || set.isEmpty()) {
            throw yaml.error(where + ": set: missing or empty; give the changed chip fields, e.g. {array.rows: 4}");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = set.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = yaml.field(e.getKey(), where + ": set");
            changes.put(field, yaml.scalar(e.getValue(), where + ": set: " + field));
        }
        return ChipVariants.with(base, changes, yaml.file());
    }

    private String kind(JsonNode p, String where) {
        if (p.isTextual() && p.textValue().equals("regression")) {
            return "regression";
        }
        if (!p.isObject() || p.size() != 1 || !PROGRAM_KINDS.contains(p.fieldNames().next())
                || p.has("regression")) {
            throw yaml.error(where + " = " + UserException.excerpt(p.toString())
                    + ": expected regression, random: {count, size} or dir: FOLDER");
        }
        return p.fieldNames().next();
    }

    /** The regression set's programs; their names are the same for every chip, their tiles follow each chip. */
    private static void regression(ChipConfig any, List<RegressCase> cases) {
        for (RegressionPrograms.Entry e : RegressionPrograms.writersFor(any)) {
            String name = e.name();
            cases.add(new RegressCase(name, "regression", Optional.empty(), chip -> RegressionPrograms.writersFor(chip)
                    .stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow().write().get().program()));
        }
    }

    /** count programs of size instructions per seed, program i of seed s from the seed verify uses. */
    private void random(JsonNode r, String where, List<Long> seeds, List<RegressCase> cases) {
        if (r == null || !r.isObject()) {
            throw yaml.error(where + ": expected {count: N, size: INSTRUCTIONS}");
        }
        yaml.allowOnly(r, RANDOM, where + ": ");
        long count = yaml.integer(r.get("count"), where + ": count");
        long size = r.has("size") ? yaml.integer(r.get("size"), where + ": size") : 60;
        if (count < 1 || count > 1000 || size < 1 || size > 100_000) {
            throw yaml.error(where + ": count must lie in 1..1000 and size in 1..100000, got " + count + " and " + size);
        }
        for (long s : seeds) {
            for (int i = 0; i < count; i++) {
                long programSeed = RandomProgramGenerator.seedOf(s, i);
                int n = (int) size;
                cases.add(new RegressCase("random" + size + "-" + s + "-" + i, "random", Optional.of(s),
                        chip -> new RandomProgramGenerator(chip, programSeed).generate(n)));
            }
        }
    }

    /** The .s and .npub files of a folder (relative to the suite), read for each chip. */
    private void folder(String name, String where, List<RegressCase> cases) {
        Path dir = yaml.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw yaml.error(where + " = " + UserException.excerpt(name) + ": not a folder");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".s") || f.toString().endsWith(".npub")).sorted().toList();
        } catch (IOException e) {
            throw yaml.error(where + " = " + UserException.excerpt(name) + ": cannot list (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw yaml.error(where + " = " + UserException.excerpt(name) + ": no .s or .npub files");
        }
        String set = dir.getFileName().toString();
        for (Path f : files) {
            cases.add(new RegressCase(ChipVerification.programName(f), set, Optional.empty(), chip -> read(f, chip)));
        }
    }

    /** Assembler text is assembled for the chip; a binary must have been built for it. */
    private static Program read(Path f, ChipConfig chip) {
        try {
            if (f.toString().endsWith(".s")) {
                return Program.of(chip, new Assembler(Geometry.of(chip)).assemble(f), List.of());
            }
            return ProgramFile.read(f, chip);
        } catch (ProgramException e) {
            throw new InputException(f + ": " + e.getMessage(), e);
        }
    }
}
