package npukit.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.numerics.ErrorMetrics;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.results.EvaluationRecord;
import npukit.sim.Activity;
import npukit.sim.EnergyModel;

/**
 * Accumulates a chip's results over samples next to the float reference interpreter: top-1 of both
 * (for labelled samples), agreement of the arg-max, SQNR of the output (the logits or log-probabilities)
 * against float, and the NPU's cycles, MACs and HBM traffic.
 */
final class Evaluation {

    private final Graph reference;
    private final String output;
    private final Optional<QualityMetric> metric;
    private double qualitySum;
    private String firstShown;
    private final List<Double> ref = new ArrayList<>();
    private final List<Double> got = new ArrayList<>();
    private int samples;
    private int labelled;
    private int correct;
    private int floatCorrect;
    private int agree;
    private long cycles;
    private long macs;
    private long read;
    private long written;
    private Activity activity = Activity.NONE;

    Evaluation(Graph reference, String output, Optional<QualityMetric> metric) {
        this.reference = reference;
        this.output = output;
        this.metric = metric;
    }

    void add(ModelSource.Sample s, RunResult r) {
        Tensor f = Interpreter.run(reference, s.inputs()).get(output);
        Tensor q = r.outputs().get(output);
        if (metric.isPresent()) {
            qualitySum += metric.get().score(s, f, q);
            if (firstShown == null) {
                firstShown = metric.get().show(s, f, q);
            }
        }
        int fBest = argmax(f);
        int qBest = argmax(q);
        samples++;
        agree += fBest == qBest ? 1 : 0;
        if (s.label().isPresent()) {
            labelled++;
            correct += qBest == s.label().getAsInt() ? 1 : 0;
            floatCorrect += fBest == s.label().getAsInt() ? 1 : 0;
        }
        for (int i = 0; i < f.size(); i++) {
            ref.add(f.getDouble(i));
            got.add(q.getDouble(i));
        }
        cycles += r.totalCycles();
        macs += r.totalMacs();
        read += r.hbmReadBytes();
        written += r.hbmWriteBytes();
        activity = activity.plus(r.activity());
    }

    EvaluationRecord record(ChipConfig chip) {
        double sqnr = ErrorMetrics.of(ref.stream().mapToDouble(Double::doubleValue).toArray(),
                got.stream().mapToDouble(Double::doubleValue).toArray()).sqnrDb();
        return new EvaluationRecord(chip.name(), chip.quant().scheme().fileName(), chip.quant().rounding().cliName(),
                chip.clock().frequencyMhz(), chip.array().peCount(), samples, labelled, correct, floatCorrect, agree, sqnr,
                cycles, macs, read, written, new EnergyModel(chip).of(activity, cycles));
    }

    /** The model's own metric averaged over the samples, when it has one. */
    Optional<QualityMetric.Score> quality() {
        return metric.map(m -> new QualityMetric.Score(m.name(), qualitySum / samples, samples, firstShown));
    }

    /** The index of the largest value (the first of equals): the class a classifier picks. */
    static int argmax(Tensor t) {
        int best = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.getDouble(i) > t.getDouble(best)) {
                best = i;
            }
        }
        return best;
    }
}
