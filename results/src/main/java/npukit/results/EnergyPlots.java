package npukit.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import npukit.arch.energy.EnergyBreakdown;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A sweep report's energy plots (docs/energy.md), per workload: each point's energy per inference
 * stacked by component, and latency against energy with the Pareto front (the points no other point
 * beats on both).
 */
final class EnergyPlots {

    private EnergyPlots() {
    }

    /** Draws each workload's plots through {@code add}; says through {@code notDrawn} what it cannot draw. */
    static void draw(List<SweepRow> rows, List<String> workloads, BiConsumer<String, Chart<?, ?>> add,
            Consumer<String> notDrawn) {
        for (String w : workloads) {
            List<SweepRow> ran = rows.stream().filter(r -> r.workload().equals(w) && r.ok()).toList();
            if (ran.isEmpty()) {
                notDrawn.accept("Energy of " + w + ": no point ran it.");
                continue;
            }
            add.accept(w + ": energy per inference by component", breakdown(w, ran));
            add.accept(w + ": latency against energy", pareto(w, ran));
        }
    }

    private static CategoryChart breakdown(String workload, List<SweepRow> ran) {
        CategoryChart c = new CategoryChartBuilder().width(SweepReport.WIDTH).height(SweepReport.HEIGHT)
                .title(workload + ": energy per inference by component").xAxisTitle("point")
                .yAxisTitle("energy per inference (uJ)").build();
        c.getStyler().setStacked(true);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setXAxisLabelRotation(45);
        List<String> points = ran.stream().map(SweepReport::label).toList();
        for (String component : EnergyBreakdown.COMPONENTS) {
            List<Double> uj = ran.stream().map(r -> r.metrics().orElseThrow().energy().byComponent().get(component) / 1e6)
                    .toList();
            if (uj.stream().anyMatch(v -> v > 0)) {
                c.addSeries(component, points, uj);
            }
        }
        return c;
    }

    private static XYChart pareto(String workload, List<SweepRow> ran) {
        XYChart c = new XYChartBuilder().width(SweepReport.WIDTH).height(SweepReport.HEIGHT)
                .title(workload + ": latency against energy per inference").xAxisTitle("latency per inference (us)")
                .yAxisTitle("energy per inference (uJ)").build();
        c.getStyler().setLegendVisible(true).setMarkerSize(9);
        XYSeries all = c.addSeries("points", ran.stream().map(r -> r.latencyMicros().orElseThrow()).toList(),
                ran.stream().map(r -> r.energyMicrojoules().orElseThrow()).toList());
        all.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        List<SweepRow> front = front(ran);
        c.addSeries("Pareto front (" + front.size() + " of " + ran.size() + ")",
                front.stream().map(r -> r.latencyMicros().orElseThrow()).toList(),
                front.stream().map(r -> r.energyMicrojoules().orElseThrow()).toList());
        return c;
    }

    /** The points no other point beats on both latency and energy (ties beat nothing), by latency. */
    static List<SweepRow> front(List<SweepRow> ran) {
        List<SweepRow> sorted = new ArrayList<>(ran);
        sorted.sort(Comparator.comparingDouble((SweepRow r) -> r.latencyMicros().orElseThrow())
                .thenComparingDouble(r -> r.energyMicrojoules().orElseThrow()));
        List<SweepRow> out = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (SweepRow r : sorted) {
            double e = r.energyMicrojoules().orElseThrow();
            if (e < best) {
                out.add(r);
                best = e;
            }
        }
        return out;
    }
}
