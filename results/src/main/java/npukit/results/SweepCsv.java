package npukit.results;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.arch.energy.EnergyBreakdown;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A sweep's results file: one row per point and workload, written one line at a time as each ends.
 * Columns: {@link #LEADING}, then each swept field under its path ({@code array.rows}), then
 * {@link #TRAILING}. Names end in their unit ({@code _us}, {@code _bytes}, {@code _mhz}, {@code _db},
 * {@code _uj}, {@code _pj}, {@code _mw}; energy per run of the batch, docs/energy.md), or the FPGA
 * resource they count ({@code xc7_luts}, {@code xc7_dsp48}, {@code xc7_bram18}: the analytic model's
 * Xilinx 7-series estimate, docs/synthesis.md);
 * {@code cycles}, {@code macs} and the sample counts are counts, {@code utilisation} a fraction 0..1. A
 * figure that does not apply (a failed point's cycles, a program suite's accuracy) is an empty cell.
 */
public final class SweepCsv {

    public static final List<String> LEADING = List.of("point", "workload", "chip", "config_hash");
    public static final List<String> TRAILING = List.of("array_rows", "array_cols", "dataflow", "clock_mhz",
            "hbm_bytes_per_cycle", "status",
            "reason", "cycles", "latency_us", "macs", "utilisation", "hbm_read_bytes", "hbm_written_bytes", "programs",
            "samples", "labelled", "top1_correct", "agree_with_float", "output_sqnr_db", "energy_uj", "power_mw",
            "tops_per_w", "energy_mac_pj", "energy_register_pj", "energy_array_pj", "energy_scratchpad_pj",
            "energy_accumulator_pj", "energy_hbm_pj", "energy_instruction_pj", "energy_static_pj", "batch",
            "inferences_per_s", "energy_per_inference_uj", "xc7_luts", "xc7_ffs", "xc7_dsp48", "xc7_bram18");

    private SweepCsv() {
    }

    /** The header for a sweep over {@code fields}. */
    public static List<String> header(List<String> fields) {
        List<String> h = new ArrayList<>(LEADING);
        h.addAll(fields);
        h.addAll(TRAILING);
        return h;
    }

    /** The header line, ending in a newline. */
    public static String headerLine(List<String> fields) {
        return line(header(fields));
    }

    /** One row as one CSV line, ending in a newline. */
    public static String line(SweepRow r) {
        List<String> cells = new ArrayList<>();
        cells.add(Integer.toString(r.point()));
        cells.add(r.workload());
        cells.add(r.chip().name());
        cells.add(r.chip().configHash());
        cells.addAll(r.fields().values());
        cells.add(Integer.toString(r.chip().rows()));
        cells.add(Integer.toString(r.chip().cols()));
        cells.add(r.chip().dataflow());
        cells.add(Numbers.plain(r.chip().clockMhz()));
        cells.add(Long.toString(r.chip().hbmBytesPerCycle()));
        cells.add(r.ok() ? "ok" : "failed");
        cells.add(r.failure().orElse(""));
        Optional<WorkloadMetrics> m = r.metrics();
        Optional<WorkloadMetrics.Accuracy> a = m.flatMap(WorkloadMetrics::accuracy);
        cells.add(m.map(x -> Long.toString(x.cycles())).orElse(""));
        cells.add(r.latencyMicros().map(Numbers::plain).orElse(""));
        cells.add(m.map(x -> Long.toString(x.macs())).orElse(""));
        cells.add(r.utilisation().map(Numbers::plain).orElse(""));
        cells.add(m.map(x -> Long.toString(x.hbmReadBytes())).orElse(""));
        cells.add(m.map(x -> Long.toString(x.hbmWrittenBytes())).orElse(""));
        cells.add(m.map(x -> Integer.toString(x.programs())).orElse(""));
        cells.add(a.map(x -> Integer.toString(x.samples())).orElse(""));
        cells.add(a.map(x -> Integer.toString(x.labelled())).orElse(""));
        cells.add(a.map(x -> Integer.toString(x.correct())).orElse(""));
        cells.add(a.map(x -> Integer.toString(x.agree())).orElse(""));
        cells.add(a.map(x -> Numbers.plain(x.outputSqnrDb())).orElse(""));
        cells.add(r.energyMicrojoules().map(Numbers::plain).orElse(""));
        cells.add(r.powerMw().map(Numbers::plain).orElse(""));
        cells.add(r.topsPerWatt().map(Numbers::plain).orElse(""));
        for (String c : EnergyBreakdown.COMPONENTS) {
            cells.add(m.map(x -> Numbers.plain(x.energy().byComponent().get(c))).orElse(""));
        }
        cells.add(m.map(x -> Integer.toString(x.batch())).orElse(""));
        cells.add(m.map(x -> Numbers.plain(x.inferencesPerSecond(r.chip().clockMhz()))).orElse(""));
        cells.add(m.map(x -> Numbers.plain(x.energyPerInference().totalMicrojoules())).orElse(""));
        SweepRow.Area area = r.chip().area();
        cells.add(Long.toString(area.luts()));
        cells.add(Long.toString(area.ffs()));
        cells.add(Long.toString(area.dsps()));
        cells.add(Long.toString(area.brams()));
        return line(cells);
    }

    /**
     * The rows of a results file's text, with the swept fields its header names. A header that is not a
     * sweep's, or a row that does not parse, is an {@link IllegalArgumentException} naming the source
     * and the line.
     */
    public static Parsed read(String text, String source) {
        try (Reader in = new StringReader(text);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().build().parse(in)) {
            List<String> header = p.getHeaderNames();
            List<String> fields = fieldsOf(header, source);
            List<SweepRow> rows = new ArrayList<>();
            for (CSVRecord rec : p) {
                if (rec.size() != header.size()) {
                    throw new IllegalArgumentException(source + ": line " + p.getCurrentLineNumber() + ": "
                            + rec.size() + " cells, the header has " + header.size());
                }
                rows.add(row(rec, fields, source + ": line " + p.getCurrentLineNumber()));
            }
            return new Parsed(fields, rows);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(source + ": not a readable CSV file (" + e.getMessage() + ")", e);
        }
    }

    /** A results file: the swept fields and the rows. */
    public record Parsed(List<String> fields, List<SweepRow> rows) {
    }

    private static List<String> fieldsOf(List<String> header, String source) {
        int n = header.size();
        if (n < LEADING.size() + TRAILING.size() || !header.subList(0, LEADING.size()).equals(LEADING)
                || !header.subList(n - TRAILING.size(), n).equals(TRAILING)) {
            throw new IllegalArgumentException(source + ": not a sweep results file: its header must start with "
                    + LEADING + " and end with " + TRAILING);
        }
        return List.copyOf(header.subList(LEADING.size(), n - TRAILING.size()));
    }

    private static SweepRow row(CSVRecord r, List<String> fields, String where) {
        try {
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach(f -> values.put(f, r.get(f)));
            SweepRow.ChipSummary chip = new SweepRow.ChipSummary(r.get("chip"), r.get("config_hash"),
                    Integer.parseInt(r.get("array_rows")), Integer.parseInt(r.get("array_cols")), r.get("dataflow"),
                    Double.parseDouble(r.get("clock_mhz")), Long.parseLong(r.get("hbm_bytes_per_cycle")),
                    new SweepRow.Area(Long.parseLong(r.get("xc7_luts")), Long.parseLong(r.get("xc7_ffs")),
                            Long.parseLong(r.get("xc7_dsp48")), Long.parseLong(r.get("xc7_bram18"))));
            boolean ok = r.get("status").equals("ok");
            if (!ok && !r.get("status").equals("failed")) {
                throw new IllegalArgumentException("status '" + r.get("status") + "' is neither ok nor failed");
            }
            Optional<WorkloadMetrics> metrics = Optional.empty();
            if (ok) {
                Optional<WorkloadMetrics.Accuracy> accuracy = r.get("samples").isEmpty() ? Optional.empty()
                        : Optional.of(new WorkloadMetrics.Accuracy(Integer.parseInt(r.get("samples")),
                        Integer.parseInt(r.get("labelled")), Integer.parseInt(r.get("top1_correct")),
                        Integer.parseInt(r.get("agree_with_float")), Double.parseDouble(r.get("output_sqnr_db"))));
                metrics = Optional.of(new WorkloadMetrics(Long.parseLong(r.get("cycles")), Long.parseLong(r.get("macs")),
                        Long.parseLong(r.get("hbm_read_bytes")), Long.parseLong(r.get("hbm_written_bytes")),
                        Integer.parseInt(r.get("programs")), accuracy, energy(r), Integer.parseInt(r.get("batch"))));
            }
            return new SweepRow(Integer.parseInt(r.get("point")), r.get("workload"), chip, values, metrics,
                    ok ? Optional.empty() : Optional.of(r.get("reason")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** The components' pJ columns as a breakdown. */
    private static EnergyBreakdown energy(CSVRecord r) {
        return EnergyBreakdown.of(EnergyBreakdown.COMPONENTS.stream()
                .map(c -> Double.parseDouble(r.get("energy_" + c + "_pj"))).toList());
    }

    private static String line(List<String> cells) {
        return LayerCsv.line(cells);
    }
}
