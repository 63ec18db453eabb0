package npukit.results;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The text a terminal shows of a run's records: the per-layer table, the evaluation summary, chips side by side. */
public final class TextReports {

    private TextReports() {
    }

    /** Every layer: NPU layers with their shape, mapping and measurements; host nodes with their reason. */
    public static Table layers(List<LayerRecord> layers) {
        Table t = new Table("layer", "where", "op", "m", "k", "n", "macs", "mapping", "predicted_cycles",
                "simulated_cycles", "utilisation", "fraction_of_bound", "hbm_read_bytes", "hbm_write_bytes", "bound");
        for (LayerRecord r : layers) {
            if (r.placement() == LayerRecord.Placement.HOST) {
                t.add(r.layer(), "host", r.op(), "", "", "", "", r.hostReason().orElse(""), "", "", "", "", "", "", "");
                continue;
            }
            var m = r.measured();
            var mapping = r.mapping();
            t.add(r.layer(), "npu", r.nodes(), r.shape().map(s -> "" + s.m()).orElse(""),
                    r.shape().map(s -> "" + s.k()).orElse(""), r.shape().map(s -> "" + s.n()).orElse(""),
                    m.map(x -> "" + x.macs()).orElse(r.shape().isPresent() ? "" + r.macs() : ""),
                    mapping.map(LayerRecord.Mapping::tiling).orElse(""),
                    mapping.map(x -> "" + x.predictedCycles()).orElse(""), m.map(x -> "" + x.simulatedCycles()).orElse(""),
                    fraction(r.utilisation()), fraction(r.fractionOfBound()),
                    m.map(x -> "" + x.hbmReadBytes()).orElse(""), m.map(x -> "" + x.hbmWrittenBytes()).orElse(""),
                    r.bound().map(b -> b.bound().text()).orElse(""));
        }
        return t;
    }

    private static String fraction(OptionalDouble f) {
        return f.isPresent() ? String.format(Locale.ROOT, "%.3f", f.getAsDouble()) : "";
    }

    /**
     * One line: the geometric mean over the measured NPU layers of each one's fraction of its ideal bound
     * max(MACs / PEs, bytes / bandwidth); empty when no layer was measured.
     */
    public static String boundSummary(List<LayerRecord> layers) {
        OptionalDouble g = LayerRecord.geomeanFractionOfBound(layers);
        if (g.isEmpty()) {
            return "";
        }
        long n = layers.stream().filter(r -> r.fractionOfBound().isPresent()).count();
        return String.format(Locale.ROOT, "fraction of bound:   %.3f geomean over %d NPU layers (ideal cycles "
                + "max(MACs / PEs, bytes / bandwidth) over simulated cycles)%n", g.getAsDouble(), n);
    }

    /** Accuracy against the labels and the float reference, and the NPU's cost per inference. */
    public static String summary(EvaluationRecord e) {
        StringBuilder s = new StringBuilder();
        if (e.labelled() > 0) {
            s.append(String.format(Locale.ROOT, "top-1 accuracy:      %d/%d (%.1f%%); float reference %d/%d%n", e.correct(),
                    e.labelled(), 100.0 * e.correct() / e.labelled(), e.floatCorrect(), e.labelled()));
        }
        s.append(String.format(Locale.ROOT, "agreement with float: %d/%d arg-max; output SQNR %.1f dB%n", e.agree(),
                e.samples(), e.outputSqnrDb()));
        s.append(String.format(Locale.ROOT, "per inference:       %,d NPU cycles (%.1f us at %.0f MHz), utilisation %.3f, "
                        + "HBM read %,d B, written %,d B%n", e.cyclesPerInference(), e.microsecondsPerInference(),
                e.clockMhz(), e.utilisation(), e.hbmReadBytesPerInference(), e.hbmWrittenBytesPerInference()));
        return s.toString();
    }

    /**
     * A timing-only run's cost per inference: cycles (and time at the chip's clock), utilisation of the
     * {@code peCount} PEs, HBM traffic. A batch larger than 1 is reported per batch (its latency), then
     * per inference (throughput and the traffic's share of each inference).
     */
    public static String timingSummary(WorkloadMetrics m, long peCount, double clockMhz) {
        String per = m.batch() == 1 ? "per inference:      " : "per batch of " + m.batch() + ":";
        String s = String.format(Locale.ROOT, "%s %,d NPU cycles (%.1f us at %.0f MHz), utilisation %.3f, "
                        + "HBM read %,d B, written %,d B; %d programs%n", per, m.cycles(), m.cycles() / clockMhz, clockMhz,
                (double) m.macs() / ((double) m.cycles() * peCount), m.hbmReadBytes(), m.hbmWrittenBytes(), m.programs());
        if (m.batch() > 1) {
            s += String.format(Locale.ROOT, "per inference:       %,.1f inferences/s, HBM read %,.1f B, written %,.1f B%n",
                    m.inferencesPerSecond(clockMhz), m.hbmReadBytesPerInference(), (double) m.hbmWrittenBytes() / m.batch());
        }
        return s;
    }

    /** One row per chip: scheme, rounding, accuracy, agreement, output SQNR, cycles and utilisation. */
    public static Table evaluations(List<EvaluationRecord> evaluations) {
        Table t = new Table("chip", "scheme", "rounding", "top1", "top1_float", "agreement", "output_sqnr_db",
                "cycles_per_inference", "utilisation");
        for (EvaluationRecord e : evaluations) {
            t.add(e.chip(), e.scheme(), e.rounding(), e.labelled() == 0 ? "" : e.correct() + "/" + e.labelled(),
                    e.labelled() == 0 ? "" : e.floatCorrect() + "/" + e.labelled(), e.agree() + "/" + e.samples(),
                    String.format(Locale.ROOT, "%.1f", e.outputSqnrDb()), e.cyclesPerInference(),
                    String.format(Locale.ROOT, "%.3f", e.utilisation()));
        }
        return t;
    }
}
