package npukit.testbench.synth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import npukit.sim.fpga.FpgaFamily;

/**
 * What `npu rtl synth` found for one chip and family: the mapped cells of Yosys's {@code stat} (a
 * synthesis estimate: no placement, no routing, no optimisation across a vendor tool's passes) and
 * the black-boxed memories, whose block RAMs are computed from their dimensions ({@link RtlMemory#blocks}).
 *
 * @param chip      the chip's name
 * @param hash      the chip's config hash
 * @param family    the FPGA family
 * @param yosys     the Yosys version line
 * @param cells     mapped cell type to count, black-box memories excluded
 * @param memories  the counted memories with their instance counts
 * @param seconds   wall-clock seconds Yosys took when the report was made
 */
public record SynthReport(String chip, String hash, FpgaFamily family, String yosys, Map<String, Long> cells,
        Map<RtlMemory, Long> memories, long seconds) {

    public SynthReport {
        cells = Map.copyOf(cells);
        memories = Map.copyOf(memories);
    }

    private long sum(FpgaFamily.Kind kind) {
        return cells.entrySet().stream().filter(e -> family.kind(e.getKey()) == kind)
                .mapToLong(e -> e.getValue() * (kind == FpgaFamily.Kind.LUTRAM || kind == FpgaFamily.Kind.BRAM
                        ? family.units(e.getKey()) : 1))
                .sum();
    }

    /** LUTs used as logic (Yosys). */
    public long logicLuts() {
        return sum(FpgaFamily.Kind.LUT);
    }

    /** LUTs used as distributed RAM or shift registers (Yosys; xc7 only). */
    public long lutramLuts() {
        return sum(FpgaFamily.Kind.LUTRAM);
    }

    public long luts() {
        return logicLuts() + lutramLuts();
    }

    public long ffs() {
        return sum(FpgaFamily.Kind.FF);
    }

    public long dsps() {
        return sum(FpgaFamily.Kind.DSP);
    }

    public long carry() {
        return sum(FpgaFamily.Kind.CARRY);
    }

    /** Block RAMs Yosys itself inferred (in the family's block units), outside the counted memories. */
    public long yosysBrams() {
        return sum(FpgaFamily.Kind.BRAM);
    }

    /** Block RAMs of the counted memories, from their dimensions. */
    public long memoryBrams() {
        return memories.entrySet().stream().mapToLong(e -> e.getKey().blocks(family) * e.getValue()).sum();
    }

    public long brams() {
        return yosysBrams() + memoryBrams();
    }

    // ---- the cache file: one fact a line, so a report survives without rerunning Yosys ----

    /** The report as the text of its cache file. */
    public String toText() {
        StringBuilder b = new StringBuilder("# npu rtl synth: Yosys cell counts and counted memories\n");
        b.append("chip ").append(chip).append('\n').append("hash ").append(hash).append('\n')
                .append("family ").append(family.fileName()).append('\n').append("yosys ").append(yosys).append('\n')
                .append("seconds ").append(seconds).append('\n');
        cells.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append("cell ").append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
        memories.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(RtlMemory::module)))
                .forEach(e -> {
                    RtlMemory m = e.getKey();
                    b.append("memory ").append(m.module()).append(' ').append(m.depth()).append(' ').append(m.width())
                            .append(' ').append(m.readPorts()).append(' ').append(m.writePorts()).append(' ')
                            .append(m.byteMasked()).append(' ').append(e.getValue()).append('\n');
                });
        return b.toString();
    }

    /** Reads a cache file written by {@link #toText()}; null if it is not one. */
    public static SynthReport fromText(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, Long> cells = new LinkedHashMap<>();
        Map<RtlMemory, Long> memories = new LinkedHashMap<>();
        try {
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "cell" -> cells.put(f[1], Long.parseLong(f[2]));
                    case "memory" -> memories.put(new RtlMemory(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                            Integer.parseInt(f[4]), Integer.parseInt(f[5]), Boolean.parseBoolean(f[6])),
                            Long.parseLong(f[7]));
                    default -> fields.put(f[0], line.substring(f[0].length() + 1));
                }
            }
            FpgaFamily family = FpgaFamily.byName(fields.get("family"));
            if (family == null || !fields.containsKey("hash")) {
                return null;
            }
            return new SynthReport(fields.get("chip"), fields.get("hash"), family, fields.get("yosys"), cells, memories,
                    Long.parseLong(fields.get("seconds")));
        } catch (RuntimeException e) {
            return null; // a damaged cache file is rebuilt, not trusted
        }
    }

    private static final Pattern STAT_CELL = Pattern.compile("^\\s+(\\S+)\\s+(\\d+)$");

    /**
     * The cell counts of the last {@code stat} in a Yosys log (the lines under "Number of cells"),
     * black-box memory cells separated out by module name.
     */
    public static Map<String, Long> statCells(String log) {
        int at = log.lastIndexOf("Number of cells:");
        if (at < 0) {
            throw new IllegalArgumentException("no 'Number of cells' in the Yosys log");
        }
        Map<String, Long> cells = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(List.of(log.substring(at).split("\n")));
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = STAT_CELL.matcher(line);
            if (!m.matches()) {
                break;
            }
            cells.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return cells;
    }
}
