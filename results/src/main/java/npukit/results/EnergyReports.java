package npukit.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import npukit.arch.energy.EnergyBreakdown;

/** The energy a terminal shows of a run (docs/energy.md): per layer, and per inference by component. */
public final class EnergyReports {

    private EnergyReports() {
    }

    /**
     * Every NPU layer's energy, its components' shares, its average power over its span at
     * {@code clockMhz} and its TOPS/W. Host nodes and layers without energy figures are left out.
     */
    public static Table layers(List<LayerRecord> layers, double clockMhz) {
        List<String> header = new ArrayList<>(List.of("layer", "energy_uj"));
        EnergyBreakdown.COMPONENTS.forEach(c -> header.add(c + "_%"));
        header.add("power_mw");
        header.add("tops_per_w");
        Table t = new Table(header.toArray(String[]::new));
        for (LayerRecord r : layers) {
            if (r.measured().isEmpty() || r.measured().get().energy().isEmpty()) {
                continue;
            }
            LayerRecord.Measurement m = r.measured().get();
            EnergyBreakdown e = m.energy().get();
            List<Object> row = new ArrayList<>();
            row.add(r.layer());
            row.add(String.format(Locale.ROOT, "%.4f", e.totalMicrojoules()));
            for (double pj : e.byComponent().values()) {
                row.add(percent(pj, e.totalPj()));
            }
            row.add(String.format(Locale.ROOT, "%.2f", e.averagePowerMw(m.simulatedCycles(), clockMhz)));
            row.add(String.format(Locale.ROOT, "%.3f", e.topsPerWatt(m.macs())));
            t.add(row.toArray());
        }
        return t;
    }

    /** Energy per inference by component, average power and TOPS/W over every sample. */
    public static String summary(EvaluationRecord e) {
        return summary(e.energyPerInference(), e.averagePowerMw(), e.clockMhz(), e.topsPerWatt());
    }

    /**
     * The same for a run of {@code m.batch()} inferences together: energy per inference, the average
     * power over the batch's cycles, TOPS/W.
     */
    public static String summary(WorkloadMetrics m, double clockMhz) {
        return summary(m.energyPerInference(), m.energy().averagePowerMw(m.cycles(), clockMhz), clockMhz,
                m.energy().topsPerWatt(m.macs()));
    }

    private static String summary(EnergyBreakdown per, double powerMw, double clockMhz, double topsPerWatt) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "energy per inference: %,.3f uJ (", per.totalMicrojoules()));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> c : per.byComponent().entrySet()) {
            parts.add(String.format(Locale.ROOT, "%s %,.3f uJ %s%%", c.getKey(), c.getValue() / 1e6,
                    percent(c.getValue(), per.totalPj())));
        }
        s.append(String.join(", ", parts)).append(")\n");
        s.append(String.format(Locale.ROOT, "average power:       %.2f mW at %.0f MHz; %.3f TOPS/W%n", powerMw,
                clockMhz, topsPerWatt));
        return s.toString();
    }

    private static String percent(double part, double whole) {
        return whole == 0 ? "" : String.format(Locale.ROOT, "%.1f", 100 * part / whole);
    }
}
