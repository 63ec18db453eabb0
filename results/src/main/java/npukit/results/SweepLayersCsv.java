package npukit.results;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-layer file beside a sweep's results: for each point and workload that ran a model, one row
 * per layer, {@code point} and {@code workload} followed by the columns of {@link LayerCsv}.
 */
public final class SweepLayersCsv {

    public static final List<String> COLUMNS;

    static {
        List<String> c = new ArrayList<>(List.of("point", "workload"));
        c.addAll(LayerCsv.COLUMNS);
        COLUMNS = List.copyOf(c);
    }

    private SweepLayersCsv() {
    }

    public static String headerLine() {
        return LayerCsv.line(COLUMNS);
    }

    /** The layers of one point's workload, one line each. */
    public static String lines(int point, String workload, List<LayerRecord> layers) {
        StringBuilder sb = new StringBuilder();
        for (LayerRecord r : layers) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(point), workload));
            cells.addAll(LayerCsv.row(r));
            sb.append(LayerCsv.line(cells));
        }
        return sb.toString();
    }
}
