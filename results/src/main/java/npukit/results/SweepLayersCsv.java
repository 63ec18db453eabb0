package npukit.results;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

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

    /**
     * What a report reads of a per-layer row: where it ran, and where it sits on its chip's roofline.
     *
     * @param point       the sweep point
     * @param workload    the workload
     * @param layer       the layer's name
     * @param kind        conv, dense or host
     * @param intensity   MACs per HBM byte at minimum traffic (array layers)
     * @param attained    measured MACs per cycle
     * @param utilisation measured MACs / (cycles x rows x cols)
     */
    public record Row(int point, String workload, String layer, String kind, OptionalDouble intensity,
                      OptionalDouble attained, OptionalDouble utilisation) {
    }

    /** The rows of a per-layer file's text; a header that is not one is an error naming {@code source}. */
    public static List<Row> read(String text, String source) {
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(text))) {
            if (!p.getHeaderNames().equals(COLUMNS)) {
                throw new IllegalArgumentException(source + ": not a sweep's per-layer file: its header must be " + COLUMNS);
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord r : p) {
                try {
                    rows.add(new Row(Integer.parseInt(r.get("point")), r.get("workload"), r.get("layer"), r.get("kind"),
                            number(r.get("intensity_macs_per_byte")), number(r.get("attained_macs_per_cycle")),
                            number(r.get("utilisation"))));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ": line " + p.getCurrentLineNumber() + ": " + e.getMessage(), e);
                }
            }
            return rows;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(source + ": not a readable CSV file (" + e.getMessage() + ")", e);
        }
    }

    private static OptionalDouble number(String cell) {
        return cell.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(cell));
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
