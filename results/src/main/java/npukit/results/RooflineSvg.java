package npukit.results;

import java.util.List;
import java.util.Locale;
import npukit.arch.config.Roofline;

/**
 * A roofline chart as a standalone SVG: log-log axes of arithmetic intensity (MACs per HBM byte) against
 * MACs per cycle, the roof (bandwidth slope up to the ridge point, then the compute ceiling) and one
 * labelled point per array layer: filled at its measured MACs/cycle when a run measured it, hollow on
 * the roof (its attainable rate) when not. Host layers have no intensity and are left out. The same
 * input always gives the same bytes: fixed number formats, no timestamps, layers in the given order.
 */
public final class RooflineSvg {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 500;
    private static final int LEFT = 80;
    private static final int RIGHT = 40;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private final Roofline roof;
    private final int xLo;
    private final int xHi;
    private final int yLo;
    private final int yHi;

    private RooflineSvg(Roofline roof, int xLo, int xHi, int yLo, int yHi) {
        this.roof = roof;
        this.xLo = xLo;
        this.xHi = xHi;
        this.yLo = yLo;
        this.yHi = yHi;
    }

    /** The chart of {@code layers} (all on {@code roofline}) under {@code title}. */
    public static String render(String title, Roofline roofline, List<LayerRecord> layers) {
        if (title == null || roofline == null || layers == null) {
            throw new IllegalArgumentException("a roofline chart needs a title, a roofline and layers");
        }
        for (LayerRecord r : layers) {
            if (!r.roofline().equals(roofline)) {
                throw new IllegalArgumentException("layer " + r.layer() + " was analysed for " + r.roofline()
                        + ", the chart is of " + roofline);
            }
        }
        List<LayerRecord> points = layers.stream().filter(r -> r.bound().isPresent()).toList();
        // Axes span whole decades around the ridge (one decade either side, so both roofs show) and every
        // point; y reaches from the roof's foot (peak / 10 or lower) to above the peak, so no axis is empty.
        double minX = roofline.ridge() / 10;
        double maxX = roofline.ridge() * 10;
        double minY = roofline.bandwidthBytesPerCycle() * minX;
        double maxY = roofline.peakMacsPerCycle() * 1.5;
        for (LayerRecord r : points) {
            double x = r.bound().orElseThrow().intensityMacsPerByte();
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y(r));
        }
        minY = Math.min(minY, roofline.bandwidthBytesPerCycle() * minX);
        RooflineSvg chart = new RooflineSvg(roofline, floorLog(minX), ceilLog(maxX), floorLog(minY), ceilLog(maxY));
        return chart.draw(title, points);
    }

    /** Measured MACs/cycle, or the attainable rate when unmeasured. */
    private static double y(LayerRecord r) {
        return r.attainedMacsPerCycle().orElse(r.bound().orElseThrow().attainableMacsPerCycle());
    }

    private String draw(String title, List<LayerRecord> points) {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(s, WIDTH / 2.0, 24, "middle", "font-size=\"15\"", title);
        grid(s);
        double ridgeX = roof.ridge();
        double startX = Math.pow(10, xLo);
        s.append("<polyline fill=\"none\" stroke=\"black\" stroke-width=\"2\" points=\"")
                .append(fmt(px(startX))).append(',').append(fmt(py(roof.bandwidthBytesPerCycle() * startX))).append(' ')
                .append(fmt(px(ridgeX))).append(',').append(fmt(py(roof.peakMacsPerCycle()))).append(' ')
                .append(fmt(px(Math.pow(10, xHi)))).append(',').append(fmt(py(roof.peakMacsPerCycle()))).append("\"/>\n");
        text(s, px(Math.pow(10, xHi)) - 4, py(roof.peakMacsPerCycle()) - 6, "end", "",
                "peak " + roof.peakMacsPerCycle() + " MACs/cycle");
        text(s, px(ridgeX) + 4, py(roof.peakMacsPerCycle()) + 16, "start", "",
                "ridge " + Numbers.plain(ridgeX) + " MACs/B, " + roof.bandwidthBytesPerCycle() + " B/cycle");
        for (LayerRecord r : points) {
            double x = px(r.bound().orElseThrow().intensityMacsPerByte());
            double y = py(y(r));
            boolean measured = r.measured().isPresent();
            s.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"4\" stroke=\"#c0392b\"")
                    .append(" stroke-width=\"1.5\" fill=\"").append(measured ? "#c0392b" : "white").append("\"/>\n");
            text(s, x + 7, y - 7, "start", "fill=\"#c0392b\"", r.layer() + (measured ? "" : " (bound)"));
        }
        text(s, LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 14, "middle", "", "arithmetic intensity (MACs per HBM byte)");
        s.append("<text x=\"18\" y=\"").append(fmt(TOP + (HEIGHT - TOP - BOTTOM) / 2.0))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ").append(fmt(TOP + (HEIGHT - TOP - BOTTOM) / 2.0))
                .append(")\">MACs per cycle</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    /** Decade grid lines with plain-number labels, and the plot frame. */
    private void grid(StringBuilder s) {
        for (int e = xLo; e <= xHi; e++) {
            double x = px(Math.pow(10, e));
            line(s, x, TOP, x, HEIGHT - BOTTOM);
            text(s, x, HEIGHT - BOTTOM + 16, "middle", "", decade(e));
        }
        for (int e = yLo; e <= yHi; e++) {
            double y = py(Math.pow(10, e));
            line(s, LEFT, y, WIDTH - RIGHT, y);
            text(s, LEFT - 6, y + 4, "end", "", decade(e));
        }
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(WIDTH - LEFT - RIGHT)
                .append("\" height=\"").append(HEIGHT - TOP - BOTTOM).append("\" fill=\"none\" stroke=\"black\"/>\n");
    }

    private double px(double v) {
        return LEFT + (Math.log10(v) - xLo) / (xHi - xLo) * (WIDTH - LEFT - RIGHT);
    }

    private double py(double v) {
        return HEIGHT - BOTTOM - (Math.log10(v) - yLo) / (yHi - yLo) * (HEIGHT - TOP - BOTTOM);
    }

    private static void line(StringBuilder s, double x1, double y1, double x2, double y2) {
        s.append("<line x1=\"").append(fmt(x1)).append("\" y1=\"").append(fmt(y1)).append("\" x2=\"").append(fmt(x2))
                .append("\" y2=\"").append(fmt(y2)).append("\" stroke=\"#dddddd\"/>\n");
    }

    private static void text(StringBuilder s, double x, double y, String anchor, String extra, String content) {
        s.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" text-anchor=\"").append(anchor).append('"')
                .append(extra.isEmpty() ? "" : " " + extra).append('>').append(escape(content)).append("</text>\n");
    }

    /** 10^e as a plain number: 0.01, 1, 1000. */
    private static String decade(int e) {
        return java.math.BigDecimal.ONE.scaleByPowerOfTen(e).toPlainString();
    }

    private static int floorLog(double v) {
        return (int) Math.floor(Math.log10(v) + 1e-9);
    }

    private static int ceilLog(double v) {
        return (int) Math.ceil(Math.log10(v) - 1e-9);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
