package npukit.results;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What changed between two results files of the same kind: a sweep's results (rows matched by point and
 * workload), its per-layer file (point, workload, layer) or a run's per-layer CSV (layer). Every other
 * column is compared cell by cell; a number that changed gives its relative change, other text just
 * its old and new value. Rows only on one side are listed too.
 */
public final class ResultsDiff {

    /**
     * One cell that changed.
     *
     * @param key      the row, by its key columns
     * @param column   the column
     * @param before   the cell in the first file
     * @param after    the cell in the second file
     * @param relative (after - before) / |before| when both are numbers and before is not 0
     */
    public record Change(String key, String column, String before, String after, Optional<Double> relative) {
    }

    /**
     * The comparison.
     *
     * @param keyColumns which columns name a row
     * @param changes    every changed cell, in the first file's row and column order
     * @param onlyBefore rows of the first file missing from the second
     * @param onlyAfter  rows of the second file missing from the first
     */
    public record Result(List<String> keyColumns, List<Change> changes, List<String> onlyBefore, List<String> onlyAfter) {

        /** The largest relative change of {@code column} (a change from 0 or of text counts as infinite). */
        public double largest(String column) {
            return changes.stream().filter(c -> c.column().equals(column))
                    .mapToDouble(c -> c.relative().map(Math::abs).orElse(Double.POSITIVE_INFINITY)).max().orElse(0);
        }

        public Table table() {
            Table t = new Table("row", "column", "before", "after", "change");
            for (Change c : changes) {
                t.add(c.key(), c.column(), c.before(), c.after(), c.relative()
                        .map(r -> String.format(Locale.ROOT, "%+.3f%%", 100 * r)).orElse(""));
            }
            return t;
        }
    }

    private ResultsDiff() {
    }

    /** Compares two files' text; files of different kinds, or a file of no known kind, are an error. */
    public static Result compare(String before, String beforeName, String after, String afterName) {
        Parsed a = parse(before, beforeName);
        Parsed b = parse(after, afterName);
        if (!a.header.equals(b.header)) {
            throw new IllegalArgumentException(afterName + ": its columns are not those of " + beforeName + " ("
                    + a.header.size() + " and " + b.header.size() + " columns); compare results of the same kind and spec");
        }
        List<Change> changes = new ArrayList<>();
        List<String> onlyBefore = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : a.rows.entrySet()) {
            Map<String, String> other = b.rows.get(e.getKey());
            if (other == null) {
                onlyBefore.add(e.getKey());
                continue;
            }
            for (String column : a.header) {
                if (a.keys.contains(column)) {
                    continue;
                }
                String x = e.getValue().get(column);
                String y = other.get(column);
                if (!x.equals(y)) {
                    changes.add(new Change(e.getKey(), column, x, y, relative(x, y)));
                }
            }
        }
        List<String> onlyAfter = b.rows.keySet().stream().filter(k -> !a.rows.containsKey(k)).toList();
        return new Result(a.keys, changes, onlyBefore, onlyAfter);
    }

    private record Parsed(List<String> header, List<String> keys, Map<String, Map<String, String>> rows) {
    }

    private static Parsed parse(String text, String name) {
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().build().parse(new StringReader(text))) {
            List<String> header = p.getHeaderNames();
            List<String> keys;
            if (header.equals(SweepLayersCsv.COLUMNS)) {
                keys = List.of("point", "workload", "layer");
            } else if (header.equals(LayerCsv.COLUMNS)) {
                keys = List.of("layer");
            } else if (header.size() >= SweepCsv.LEADING.size() && header.subList(0, SweepCsv.LEADING.size())
                    .equals(SweepCsv.LEADING)) {
                keys = List.of("point", "workload");
            } else {
                throw new IllegalArgumentException(name + ": not a results file of npu sweep or npu run --csv");
            }
            Map<String, Map<String, String>> rows = new LinkedHashMap<>();
            for (CSVRecord r : p) {
                Map<String, String> row = r.toMap();
                String key = String.join(" ", keys.stream().map(row::get).toList());
                if (rows.put(key, row) != null) {
                    throw new IllegalArgumentException(name + ": row " + key + " appears twice");
                }
            }
            return new Parsed(header, keys, rows);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(name + ": not a readable CSV file (" + e.getMessage() + ")", e);
        }
    }

    private static Optional<Double> relative(String x, String y) {
        try {
            double a = Double.parseDouble(x);
            double b = Double.parseDouble(y);
            return a == 0 ? Optional.empty() : Optional.of((b - a) / Math.abs(a));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
