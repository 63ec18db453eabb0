package npukit.runner.sweep;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.io.UserException;
import npukit.results.LayerRecord;
import npukit.results.SweepCsv;
import npukit.results.SweepLayersCsv;
import npukit.results.SweepRow;
import npukit.sim.fpga.FpgaFamily;
import npukit.sim.fpga.FpgaResourceModel;

/**
 * One job of a sweep, a workload at a point, as a results row: the same on every engine and thread,
 * since the row depends only on the spec and the job's index.
 */
public final class SweepJobs {

    /**
     * A finished job.
     *
     * @param job    its index in the spec ({@link SweepSpec#point(int)}, {@link SweepSpec#workload(int)})
     * @param row    the results row
     * @param layers the per-layer records of a model that ran (none otherwise)
     */
    public record Done(int job, SweepRow row, List<LayerRecord> layers) {
        public Done {
            layers = List.copyOf(layers);
        }
    }

    /**
     * A finished job as the text the results files get: what engines hand back. Unlike {@link Done} it is
     * {@link Serializable} (an engine that runs jobs in other processes ships it as it is), and the rows
     * are the ones the file gets, whichever engine ran the job.
     *
     * @param job    its index in the spec
     * @param row    its line of the results file
     * @param layers its lines of the per-layer file (empty if none)
     */
    public record Lines(int job, String row, String layers) implements Serializable {

        public static Lines of(Done done) {
            return new Lines(done.job(), SweepCsv.line(done.row()),
                    SweepLayersCsv.lines(done.row().point(), done.row().workload(), done.layers()));
        }

        /** The row, read back as the results file will. */
        public SweepRow row(SweepSpec spec) {
            return SweepCsv.read(SweepCsv.headerLine(spec.fields()) + row, spec.file() + " job " + job).rows().get(0);
        }
    }

    private SweepJobs() {
    }

    public static Done run(SweepSpec spec, int job) {
        SweepPoint point = spec.point(job);
        Workload workload = spec.workload(job);
        ChipConfig chip = point.chip();
        SweepRow.ChipSummary summary = summary(chip);
        Map<String, String> fields = new LinkedHashMap<>();
        point.values().forEach((k, v) -> fields.put(k, String.valueOf(v)));
        try {
            PointOutcome out = workload.evaluate(chip);
            return new Done(job, new SweepRow(point.index(), workload.name(), summary, fields, Optional.of(out.metrics()),
                    Optional.empty()), out.layers());
        } catch (RuntimeException | StackOverflowError e) {
            return new Done(job, new SweepRow(point.index(), workload.name(), summary, fields, Optional.empty(),
                    Optional.of(reason(e))), List.of());
        }
    }

    /**
     * What failed, on one line of at most {@link #REASON_CHARS} characters (a results row is one line):
     * the message of an input error, the type too of anything else.
     */
    static String reason(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return oneLine(e instanceof UserException || e instanceof IllegalArgumentException ? message
                : e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message));
    }

    /** {@code text} on one line of at most {@link #REASON_CHARS} characters, as a results row's reason. */
    public static String oneLine(String text) {
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= REASON_CHARS ? text : text.substring(0, REASON_CHARS) + "...";
    }

    static final int REASON_CHARS = 400;

    public static SweepRow.ChipSummary summary(ChipConfig chip) {
        FpgaResourceModel.Estimate a = FpgaResourceModel.estimate(chip, FpgaFamily.XC7);
        return new SweepRow.ChipSummary(chip.name(), chip.hash(), chip.array().rows(), chip.array().cols(),
                chip.array().dataflow().fileName(), chip.clock().frequencyMhz(), chip.hbm().peakBytesPerCycle(),
                new SweepRow.Area(a.luts(), a.ffs(), a.dsps(), a.brams()));
    }
}
