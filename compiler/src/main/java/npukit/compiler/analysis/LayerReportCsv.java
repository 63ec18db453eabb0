package npukit.compiler.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes layer reports as CSV, one row per layer. Column names are stable (scripts key on them) and end
 * in their unit: {@code _bytes}, {@code _cycles} / {@code cycles_}, {@code _macs_per_byte},
 * {@code _macs_per_cycle}; {@code macs} and {@code parameters} are counts, {@code utilisation} a
 * fraction 0..1. A figure that does not apply (a host node's bound, an unmeasured layer's cycles) is an
 * empty cell, never 0, so it cannot be mistaken for a measurement.
 */
public final class LayerReportCsv {

    /** The header, in column order. */
    public static final List<String> COLUMNS = List.of("layer", "op", "kind", "m", "k", "n", "parameters", "macs",
            "element_bytes", "input_bytes", "output_bytes", "weight_bytes", "bias_bytes", "hbm_min_bytes",
            "intensity_macs_per_byte", "bound", "roofline_cycles", "attainable_macs_per_cycle", "cycles_predicted",
            "cycles_simulated", "attained_macs_per_cycle", "utilisation", "hbm_read_bytes", "hbm_written_bytes");

    /** Significant digits of a fraction: enough to compare runs, few enough that reruns diff cleanly. */
    private static final int DIGITS = 6;

    private LayerReportCsv() {
    }

    /** The CSV text, header first, lines ending in {@code \n}. */
    public static String write(List<LayerReport> reports) {
        StringBuilder sb = new StringBuilder();
        write(reports, sb);
        return sb.toString();
    }

    public static void write(List<LayerReport> reports, Appendable out) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).setRecordSeparator("\n").build();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (LayerReport r : reports) {
                printer.printRecord(row(r));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the layer report CSV: " + e.getMessage(), e);
        }
    }

    private static List<String> row(LayerReport r) {
        LayerAnalysis a = r.analysis();
        Optional<MatrixShape> s = a.shape();
        Optional<NpuBound> b = a.npuBound();
        Optional<LayerMeasurement> m = r.measured();
        List<String> row = new ArrayList<>(COLUMNS.size());
        row.add(a.name());
        row.add(a.op());
        row.add(a.kind().text());
        row.add(s.map(x -> Integer.toString(x.m())).orElse(""));
        row.add(s.map(x -> Integer.toString(x.k())).orElse(""));
        row.add(s.map(x -> Integer.toString(x.n())).orElse(""));
        row.add(Long.toString(a.parameters()));
        row.add(Long.toString(a.macs()));
        row.add(Integer.toString(a.elementBytes()));
        row.add(Long.toString(a.inputBytes()));
        row.add(Long.toString(a.outputBytes()));
        row.add(Long.toString(a.weightBytes()));
        row.add(Long.toString(a.biasBytes()));
        row.add(Long.toString(a.minHbmBytes()));
        row.add(b.map(x -> number(x.intensityMacsPerByte())).orElse(""));
        row.add(b.map(x -> x.bound().text()).orElse(""));
        row.add(b.map(x -> number(x.lowerBoundCycles())).orElse(""));
        row.add(b.map(x -> number(x.attainableMacsPerCycle())).orElse(""));
        row.add(m.map(x -> Long.toString(x.predictedCycles())).orElse(""));
        row.add(m.map(x -> Long.toString(x.simulatedCycles())).orElse(""));
        row.add(number(r.attainedMacsPerCycle()));
        row.add(number(r.utilisation()));
        row.add(m.map(x -> Long.toString(x.hbmReadBytes())).orElse(""));
        row.add(m.map(x -> Long.toString(x.hbmWrittenBytes())).orElse(""));
        return row;
    }

    private static String number(OptionalDouble d) {
        return d.isPresent() ? number(d.getAsDouble()) : "";
    }

    /**
     * Plain decimal (never exponent notation), no trailing zeros: 6 significant digits, but never fewer
     * than 3 decimals' worth, so a cycle count in the millions is not rounded to thousands.
     */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("a report figure must be finite, got " + d);
        }
        BigDecimal b = new BigDecimal(d);
        int integerDigits = Math.max(1, b.precision() - b.scale());
        return b.round(new MathContext(Math.max(DIGITS, integerDigits + 3))).stripTrailingZeros().toPlainString();
    }
}
