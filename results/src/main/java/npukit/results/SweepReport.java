package npukit.results;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import npukit.arch.config.Roofline;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A sweep's results as one self-contained HTML page: plots rendered by XChart and embedded as PNG data
 * URIs, then every row in a table. Plots: latency against array size per workload (one line per
 * dataflow and other swept field); utilisation per layer; each workload's layers on the roofline of
 * its fastest point; SQNR and top-1 accuracy side by side when quantization fields were swept; energy
 * per inference by component and latency against energy with its Pareto front ({@link EnergyPlots});
 * latency against FPGA area with the latency-energy-area Pareto front ({@link AreaPlots}). A plot the
 * results cannot support is listed as not drawn, with the reason. Plots sit at fixed places ({@link #PLOT_TOP},
 * {@link #PLOT_HEIGHT} apart) so a screenshot can be checked plot by plot.
 */
public final class SweepReport {

    /** Pixel size of every plot. */
    public static final int WIDTH = 900;
    public static final int HEIGHT = 480;
    /** Top of the first plot on the page, and the distance between plots. */
    public static final int PLOT_TOP = 110;
    public static final int PLOT_HEIGHT = 540;

    private final SweepCsv.Parsed results;
    private final List<SweepLayersCsv.Row> layers;
    private final List<String> notDrawn = new ArrayList<>();
    private final List<String> figures = new ArrayList<>();

    private SweepReport(SweepCsv.Parsed results, List<SweepLayersCsv.Row> layers) {
        this.results = results;
        this.layers = layers;
    }

    /** The page for {@code results} (and its per-layer rows, possibly none) under {@code title}. */
    public static String html(String title, SweepCsv.Parsed results, List<SweepLayersCsv.Row> layers) {
        SweepReport r = new SweepReport(results, layers);
        r.latencyAgainstArraySize();
        r.utilisationPerLayer();
        r.rooflines();
        r.numerics();
        EnergyPlots.draw(results.rows(), r.workloads(), r::add, r.notDrawn::add);
        AreaPlots.draw(results.rows(), r.workloads(), r::add);
        return r.page(title);
    }

    /** How many plots a page holds: the number of {@code <img class="plot"} in it. */
    public static int plots(String html) {
        return html.split("<img class=\"plot\"", -1).length - 1;
    }

    private List<String> workloads() {
        List<String> out = new ArrayList<>();
        results.rows().forEach(r -> {
            if (!out.contains(r.workload())) {
                out.add(r.workload());
            }
        });
        return out;
    }

    /** What tells apart points of one array size: the swept fields other than the array's size, else the dataflow. */
    private String series(SweepRow r) {
        List<String> parts = new ArrayList<>();
        r.fields().forEach((k, v) -> {
            if (!k.equals("array.rows") && !k.equals("array.cols")) {
                parts.add(k + "=" + v);
            }
        });
        return parts.isEmpty() ? r.chip().dataflow() : String.join(" ", parts);
    }

    static String label(SweepRow r) {
        return "p" + r.point() + " " + r.chip().rows() + "x" + r.chip().cols() + " " + r.chip().dataflow();
    }

    private void latencyAgainstArraySize() {
        for (String w : workloads()) {
            Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
            for (SweepRow r : results.rows()) {
                if (r.workload().equals(w) && r.ok()) {
                    series.computeIfAbsent(series(r), k -> new TreeMap<>()).put(r.chip().peakMacsPerCycle(),
                            r.latencyMicros().orElseThrow());
                }
            }
            if (series.isEmpty()) {
                notDrawn.add("Latency against array size for " + w + ": no point ran it.");
                continue;
            }
            XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(w + ": latency against array size")
                    .xAxisTitle("processing elements (rows x cols)").yAxisTitle("latency per inference (us)").build();
            List<Double> all = series.values().stream().flatMap(m -> m.values().stream()).toList();
            double spread = all.stream().mapToDouble(Double::doubleValue).max().orElse(1)
                    / Math.max(1e-12, all.stream().mapToDouble(Double::doubleValue).min().orElse(1));
            c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(spread > 10).setLegendVisible(true)
                    .setMarkerSize(8);
            series.forEach((name, points) -> c.addSeries(name, new ArrayList<>(points.keySet().stream()
                    .map(Long::doubleValue).toList()), new ArrayList<>(points.values())));
            add(w + ": latency against array size", c);
        }
    }

    private void utilisationPerLayer() {
        if (layers.isEmpty()) {
            notDrawn.add("Utilisation per layer: no per-layer rows (the -layers.csv file beside the results).");
            return;
        }
        for (String w : workloads()) {
            Map<Integer, Map<String, Double>> byPoint = new TreeMap<>();
            List<String> names = new ArrayList<>();
            for (SweepLayersCsv.Row l : layers) {
                if (l.workload().equals(w) && l.utilisation().isPresent()) {
                    byPoint.computeIfAbsent(l.point(), k -> new LinkedHashMap<>()).put(l.layer(), l.utilisation().getAsDouble());
                    if (!names.contains(l.layer())) {
                        names.add(l.layer());
                    }
                }
            }
            if (byPoint.isEmpty()) {
                continue;
            }
            CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(w + ": utilisation per layer")
                    .xAxisTitle("layer").yAxisTitle("MACs / (cycles x PEs)").build();
            c.getStyler().setXAxisLabelRotation(60);
            c.getStyler().setLegendVisible(true);
            c.getStyler().setOverlapped(false);
            byPoint.forEach((point, util) -> c.addSeries(pointLabel(point, w),
                    names, names.stream().map(n -> util.getOrDefault(n, 0.0)).toList()));
            add(w + ": utilisation per layer", c);
        }
    }

    private String pointLabel(int point, String workload) {
        return results.rows().stream().filter(r -> r.point() == point && r.workload().equals(workload)).findFirst()
                .map(SweepReport::label).orElse("p" + point);
    }

    private void rooflines() {
        if (layers.isEmpty()) {
            notDrawn.add("Roofline with each layer placed on it: no per-layer rows.");
            return;
        }
        for (String w : workloads()) {
            Optional<SweepRow> fastest = results.rows().stream().filter(r -> r.workload().equals(w) && r.ok())
                    .min(Comparator.comparingDouble(r -> r.latencyMicros().orElseThrow()));
            if (fastest.isEmpty()) {
                continue;
            }
            SweepRow best = fastest.get();
            List<SweepLayersCsv.Row> placed = layers.stream().filter(l -> l.point() == best.point()
                    && l.workload().equals(w) && l.intensity().isPresent() && l.attained().isPresent()).toList();
            if (placed.isEmpty()) {
                continue;
            }
            Roofline roof = new Roofline(best.chip().peakMacsPerCycle(), best.chip().hbmBytesPerCycle());
            double lo = Math.min(roof.ridge() / 10, placed.stream().mapToDouble(l -> l.intensity().getAsDouble()).min()
                    .orElseThrow() / 2);
            double hi = Math.max(roof.ridge() * 10, placed.stream().mapToDouble(l -> l.intensity().getAsDouble()).max()
                    .orElseThrow() * 2);
            XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(w + ": layers on the roofline of "
                    + label(best) + " (fastest point)").xAxisTitle("arithmetic intensity (MACs per HBM byte)")
                    .yAxisTitle("MACs per cycle").build();
            c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setMarkerSize(8);
            XYSeries r = c.addSeries("roof (peak " + roof.peakMacsPerCycle() + " MACs/cycle, " + roof.bandwidthBytesPerCycle()
                    + " B/cycle)", List.of(lo, roof.ridge(), hi), List.of(roof.attainableMacsPerCycle(lo),
                    (double) roof.peakMacsPerCycle(), (double) roof.peakMacsPerCycle()));
            r.setMarker(SeriesMarkers.NONE);
            XYSeries pts = c.addSeries("layers (measured)", placed.stream().map(l -> l.intensity().getAsDouble()).toList(),
                    placed.stream().map(l -> l.attained().getAsDouble()).toList());
            pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            add(w + ": layers on the roofline", c);
        }
    }

    private void numerics() {
        List<String> quantFields = results.fields().stream().filter(f -> f.startsWith("quant.")).toList();
        if (quantFields.isEmpty()) {
            notDrawn.add("SQNR and accuracy per chip and mode: no quant.* field (rounding mode, scheme, bits) was swept.");
            return;
        }
        for (String w : workloads()) {
            List<SweepRow> rows = results.rows().stream().filter(r -> r.workload().equals(w) && r.ok()
                    && r.metrics().orElseThrow().accuracy().isPresent()).toList();
            if (rows.isEmpty()) {
                continue;
            }
            Function<SweepRow, String> mode = r -> String.join(" ", quantFields.stream().map(f -> r.fields().get(f)).toList());
            List<String> chips = new ArrayList<>();
            Map<String, Map<String, SweepRow>> byMode = new LinkedHashMap<>();
            for (SweepRow r : rows) {
                String chip = r.fields().entrySet().stream().filter(e -> !quantFields.contains(e.getKey()))
                        .map(e -> e.getValue()).reduce((a, b) -> a + " " + b).orElse(r.chip().rows() + "x" + r.chip().cols());
                if (!chips.contains(chip)) {
                    chips.add(chip);
                }
                byMode.computeIfAbsent(mode.apply(r), k -> new LinkedHashMap<>()).put(chip, r);
            }
            for (boolean sqnr : new boolean[] {true, false}) {
                CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                        .title(w + ": " + (sqnr ? "output SQNR against float" : "top-1 accuracy") + " per chip and "
                                + String.join(", ", quantFields))
                        .xAxisTitle("chip").yAxisTitle(sqnr ? "SQNR (dB)" : "top-1 (%)").build();
                c.getStyler().setLegendVisible(true);
                byMode.forEach((m, perChip) -> c.addSeries(m, chips, chips.stream().map(ch -> {
                    SweepRow r = perChip.get(ch);
                    if (r == null) {
                        return 0.0;
                    }
                    WorkloadMetrics.Accuracy a = r.metrics().orElseThrow().accuracy().orElseThrow();
                    return sqnr ? a.outputSqnrDb() : a.labelled() == 0 ? 0.0 : 100.0 * a.correct() / a.labelled();
                }).toList()));
                add(w + ": " + (sqnr ? "SQNR" : "accuracy") + " per chip and mode", c);
            }
        }
    }

    private void add(String caption, Chart<?, ?> chart) {
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the plot " + caption, e);
        }
        int top = PLOT_TOP + figures.size() * PLOT_HEIGHT;
        figures.add("<div class=\"figure\" style=\"top:" + top + "px\"><img class=\"plot\" width=\"" + WIDTH
                + "\" height=\"" + HEIGHT + "\" alt=\"" + escape(caption) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"></div>\n");
    }

    private String page(String title) {
        long ok = results.rows().stream().filter(SweepRow::ok).count();
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:0;background:#fff}"
                        + "#head{position:absolute;top:0;left:10px;height:").append(PLOT_TOP - 10).append("px;overflow:hidden}"
                        + ".figure{position:absolute;left:10px}"
                        + "#rest{position:absolute;left:10px;top:").append(PLOT_TOP + figures.size() * PLOT_HEIGHT)
                .append("px}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px}"
                        + "</style></head>\n<body>\n<div id=\"head\"><h1>").append(escape(title)).append("</h1><p>")
                .append(results.rows().size()).append(" rows: ").append(ok).append(" ran, ")
                .append(results.rows().size() - ok).append(" failed. Workloads: ").append(escape(String.join(", ", workloads())))
                .append(". Swept: ").append(escape(String.join(", ", results.fields()))).append(".</p></div>\n");
        figures.forEach(s::append);
        s.append("<div id=\"rest\">\n<h2>Not drawn</h2>\n<ul>\n");
        notDrawn.forEach(n -> s.append("<li>").append(escape(n)).append("</li>\n"));
        s.append("</ul>\n<h2>Rows</h2>\n<table>\n<tr>");
        List<String> header = SweepCsv.header(results.fields());
        header.forEach(h -> s.append("<th>").append(escape(h)).append("</th>"));
        s.append("</tr>\n");
        for (SweepRow r : results.rows()) {
            s.append("<tr>");
            for (String cell : cells(SweepCsv.line(r))) {
                s.append("<td>").append(escape(cell)).append("</td>");
            }
            s.append("</tr>\n");
        }
        return s.append("</table>\n</div>\n</body></html>\n").toString();
    }

    private static List<String> cells(String line) {
        try (CSVParser p = CSVFormat.DEFAULT.parse(new StringReader(line))) {
            return p.getRecords().get(0).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
