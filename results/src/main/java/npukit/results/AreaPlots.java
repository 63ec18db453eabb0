package npukit.results;

import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A sweep report's area plot, per workload: each point's latency against its FPGA area (LUTs from
 * the analytic model, docs/synthesis.md), with the points on the Pareto front of latency, energy and
 * area marked: those no other point beats on all three. A point off the latency-area front can be on
 * it for its energy, so the marked points are not a line in this plane.
 */
final class AreaPlots {

    private AreaPlots() {
    }

    /** Draws each workload's plot through {@code add}; a workload no point ran is said not drawn by EnergyPlots. */
    static void draw(List<SweepRow> rows, List<String> workloads, BiConsumer<String, Chart<?, ?>> add) {
        for (String w : workloads) {
            List<SweepRow> ran = rows.stream().filter(r -> r.workload().equals(w) && r.ok()).toList();
            if (!ran.isEmpty()) {
                add.accept(w + ": latency, energy and area", plot(w, ran));
            }
        }
    }

    private static double luts(SweepRow r) {
        return r.chip().area().luts();
    }

    private static XYChart plot(String workload, List<SweepRow> ran) {
        XYChart c = new XYChartBuilder().width(SweepReport.WIDTH).height(SweepReport.HEIGHT)
                .title(workload + ": latency against area, Pareto front of latency, energy and area")
                .xAxisTitle("xc7 LUTs (analytic model)").yAxisTitle("latency per inference (us)").build();
        c.getStyler().setLegendVisible(true).setMarkerSize(9);
        XYSeries all = c.addSeries("points", ran.stream().map(AreaPlots::luts).toList(),
                ran.stream().map(r -> r.latencyMicros().orElseThrow()).toList());
        all.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        List<SweepRow> front = front(ran);
        XYSeries f = c.addSeries("on the latency-energy-area front (" + front.size() + " of " + ran.size() + ")",
                front.stream().map(AreaPlots::luts).toList(),
                front.stream().map(r -> r.latencyMicros().orElseThrow()).toList());
        f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        f.setMarker(SeriesMarkers.DIAMOND);
        return c;
    }

    private static final List<ToDoubleFunction<SweepRow>> OBJECTIVES = List.of(
            r -> r.latencyMicros().orElseThrow(), r -> r.energyMicrojoules().orElseThrow(), AreaPlots::luts);

    /**
     * The points no other point dominates in latency, energy per inference and LUTs (at least as good
     * on all three and better on one), by area.
     */
    static List<SweepRow> front(List<SweepRow> ran) {
        return ran.stream().filter(p -> ran.stream().noneMatch(q -> dominates(q, p)))
                .sorted(Comparator.comparingDouble(AreaPlots::luts)).toList();
    }

    private static boolean dominates(SweepRow q, SweepRow p) {
        boolean better = false;
        for (ToDoubleFunction<SweepRow> o : OBJECTIVES) {
            double a = o.applyAsDouble(q);
            double b = o.applyAsDouble(p);
            if (a > b) {
                return false;
            }
            better |= a < b;
        }
        return better;
    }
}
