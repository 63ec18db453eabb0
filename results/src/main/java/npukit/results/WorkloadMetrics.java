package npukit.results;

import java.util.Optional;
import npukit.arch.energy.EnergyBreakdown;

/**
 * What one workload cost on one chip, for one run of a batch of {@code batch} inferences (a model: per
 * sample, over the samples run, batch 1; a program suite: all its programs together, batch 1). At batch
 * 1 every figure is per inference; a larger batch runs its inferences together, each layer one GEMM over
 * all of their rows, so {@code cycles} is the batch's latency and the per-inference figures
 * are the batch's divided by {@code batch}.
 *
 * @param cycles          NPU cycles, 1 or more
 * @param macs            multiply-accumulates on the array, 0 or more
 * @param hbmReadBytes    bytes read from HBM, 0 or more
 * @param hbmWrittenBytes bytes written to HBM, 0 or more
 * @param programs        NPU programs run per inference (or in the suite)
 * @param accuracy        for a model: its outputs against the float reference
 * @param energy          what the NPU spent (docs/energy.md)
 * @param batch           inferences run together, 1 or more
 */
public record WorkloadMetrics(long cycles, long macs, long hbmReadBytes, long hbmWrittenBytes, int programs,
                              Optional<Accuracy> accuracy, EnergyBreakdown energy, int batch) {

    /** Metrics of one inference (batch 1). */
    public WorkloadMetrics(long cycles, long macs, long hbmReadBytes, long hbmWrittenBytes, int programs,
                           Optional<Accuracy> accuracy, EnergyBreakdown energy) {
        this(cycles, macs, hbmReadBytes, hbmWrittenBytes, programs, accuracy, energy, 1);
    }

    /**
     * A model's outputs over its samples.
     *
     * @param samples      inputs run, 1 or more
     * @param labelled     of those, the ones with a label
     * @param correct      labelled samples whose arg-max is the label
     * @param agree        samples whose arg-max equals the float reference's
     * @param outputSqnrDb SQNR of the first output against float, dB
     */
    public record Accuracy(int samples, int labelled, int correct, int agree, double outputSqnrDb) {
        public Accuracy {
            if (samples < 1 || labelled < 0 || labelled > samples || correct < 0 || correct > labelled || agree < 0
                    || agree > samples) {
                throw new IllegalArgumentException("inconsistent accuracy counts: " + samples + " samples, " + labelled
                        + " labelled, " + correct + " correct, " + agree + " agreeing");
            }
        }
    }

    public WorkloadMetrics {
        if (cycles < 1 || macs < 0 || hbmReadBytes < 0 || hbmWrittenBytes < 0 || programs < 0 || accuracy == null
                || energy == null || batch < 1) {
            throw new IllegalArgumentException("workload metrics need cycles of 1 or more and counts of 0 or more, got "
                    + cycles + " cycles, " + macs + " MACs, " + hbmReadBytes + " B read, " + hbmWrittenBytes
                    + " B written, " + programs + " programs, batch " + batch);
        }
    }

    /** Inferences per second at {@code clockMhz}: the batch over its latency. */
    public double inferencesPerSecond(double clockMhz) {
        return batch * clockMhz * 1e6 / cycles;
    }

    /** The energy of one inference: the batch's over its size. */
    public EnergyBreakdown energyPerInference() {
        return energy.dividedBy(batch);
    }

    /** HBM bytes read per inference (the weights' share amortised over the batch). */
    public double hbmReadBytesPerInference() {
        return (double) hbmReadBytes / batch;
    }

    /** The evaluation of a model as metrics per inference. */
    public static WorkloadMetrics of(EvaluationRecord e, int programs) {
        return new WorkloadMetrics(Math.max(1, e.cyclesPerInference()), e.macs() / e.samples(),
                e.hbmReadBytesPerInference(), e.hbmWrittenBytesPerInference(), programs, Optional.of(new Accuracy(
                e.samples(), e.labelled(), e.correct(), e.agree(), e.outputSqnrDb())), e.energyPerInference());
    }
}
