package npukit.results.scalesim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The three report files SCALE-Sim v2 writes for a run, with its file names, column names and layout
 * (", " between fields and a trailing comma on every line, as SCALE-Sim writes them, so scripts that
 * read its reports read these unchanged), filled from our simulator's per-layer profiles. What each
 * column means and how ours is computed is in docs/scalesim-reports.md.
 */
public final class ScaleSimReports {

    public static final String COMPUTE = "COMPUTE_REPORT.csv";
    public static final String BANDWIDTH = "BANDWIDTH_REPORT.csv";
    public static final String DETAILED = "DETAILED_ACCESS_REPORT.csv";

    public static final List<String> COMPUTE_COLUMNS = List.of("LayerID", "Total Cycles", "Stall Cycles",
            "Overall Util %", "Mapping Efficiency %", "Compute Util %");
    public static final List<String> BANDWIDTH_COLUMNS = List.of("LayerID", "Avg IFMAP SRAM BW", "Avg FILTER SRAM BW",
            "Avg OFMAP SRAM BW", "Avg IFMAP DRAM BW", "Avg FILTER DRAM BW", "Avg OFMAP DRAM BW");
    public static final List<String> DETAILED_COLUMNS = List.of("LayerID",
            "SRAM IFMAP Start Cycle", "SRAM IFMAP Stop Cycle", "SRAM IFMAP Reads",
            "SRAM Filter Start Cycle", "SRAM Filter Stop Cycle", "SRAM Filter Reads",
            "SRAM OFMAP Start Cycle", "SRAM OFMAP Stop Cycle", "SRAM OFMAP Writes",
            "DRAM IFMAP Start Cycle", "DRAM IFMAP Stop Cycle", "DRAM IFMAP Reads",
            "DRAM Filter Start Cycle", "DRAM Filter Stop Cycle", "DRAM Filter Reads",
            "DRAM OFMAP Start Cycle", "DRAM OFMAP Stop Cycle", "DRAM OFMAP Writes");

    private ScaleSimReports() {
    }

    /** File name to content, in SCALE-Sim's order; LayerID is the layer's index in {@code layers}. */
    public static Map<String, String> render(List<LayerAccessProfile> layers) {
        StringBuilder compute = line(new StringBuilder(), COMPUTE_COLUMNS);
        StringBuilder bandwidth = line(new StringBuilder(), BANDWIDTH_COLUMNS);
        StringBuilder detailed = line(new StringBuilder(), DETAILED_COLUMNS);
        for (int id = 0; id < layers.size(); id++) {
            LayerAccessProfile l = layers.get(id);
            line(compute, List.of(Integer.toString(id), Long.toString(l.cycles()), Long.toString(l.stallCycles()),
                    number(l.overallUtilisation() * 100), number(l.mappingEfficiency() * 100),
                    number(l.computeUtilisation() * 100)));
            double cycles = l.cycles();
            line(bandwidth, List.of(Integer.toString(id), number(l.sramIfmap().elements() / cycles),
                    number(l.sramFilter().elements() / cycles), number(l.sramOfmap().elements() / cycles),
                    number(l.dramIfmap().perCycleOverSpan()), number(l.dramFilter().perCycleOverSpan()),
                    number(l.dramOfmap().perCycleOverSpan())));
            List<String> fields = new ArrayList<>(List.of(Integer.toString(id)));
            for (OperandAccess a : List.of(l.sramIfmap(), l.sramFilter(), l.sramOfmap(), l.dramIfmap(), l.dramFilter(),
                    l.dramOfmap())) {
                fields.add(cycle(a.start()));
                fields.add(cycle(a.stop()));
                fields.add(Long.toString(a.elements()));
            }
            line(detailed, fields);
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(COMPUTE, compute.toString());
        files.put(BANDWIDTH, bandwidth.toString());
        files.put(DETAILED, detailed.toString());
        return files;
    }

    private static StringBuilder line(StringBuilder out, List<String> fields) {
        out.append(String.join(", ", fields)).append(",\n");
        return out;
    }

    /** An operand never accessed has no start or stop: the field is empty. */
    private static String cycle(OptionalLong c) {
        return c.isPresent() ? Long.toString(c.getAsLong()) : "";
    }

    /** Plain decimal, never an exponent, as few digits as identify the double. */
    private static String number(double v) {
        String s = BigDecimal.valueOf(v).toPlainString();
        return s.contains(".") ? s : s + ".0";
    }
}
