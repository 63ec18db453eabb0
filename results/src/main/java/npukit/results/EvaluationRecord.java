package npukit.results;

import npukit.arch.energy.EnergyBreakdown;

/**
 * A model's quantized pipeline on one chip over a data set, beside the float reference: accuracy,
 * agreement, output error, and what the NPU spent. Totals are over every sample; per-inference figures
 * are derived.
 *
 * @param chip             the chip's name
 * @param scheme           its quantization scheme ({@code linear}, {@code power-of-two}, {@code logarithmic})
 * @param rounding         its rounding mode ({@code half-even}, ...)
 * @param clockMhz         its clock, MHz
 * @param peakMacsPerCycle its array's rows x cols
 * @param samples          inputs run, 1 or more
 * @param labelled         of those, the ones with a label
 * @param correct          labelled samples whose arg-max is the label
 * @param floatCorrect     labelled samples the float reference classifies correctly
 * @param agree            samples whose arg-max equals the float reference's
 * @param outputSqnrDb     SQNR of the model's first output against float over every sample, dB
 * @param cycles           NPU cycles, all samples
 * @param macs             multiply-accumulates on the array, all samples
 * @param hbmReadBytes     bytes read from HBM, all samples
 * @param hbmWrittenBytes  bytes written to HBM, all samples
 * @param energy           what the NPU spent, all samples (docs/energy.md)
 */
public record EvaluationRecord(String chip, String scheme, String rounding, double clockMhz, long peakMacsPerCycle,
                               int samples, int labelled, int correct, int floatCorrect, int agree, double outputSqnrDb,
                               long cycles, long macs, long hbmReadBytes, long hbmWrittenBytes,
                               EnergyBreakdown energy) {

    public EvaluationRecord {
        if (chip == null || scheme == null || rounding == null) {
            throw new IllegalArgumentException("an evaluation needs a chip, scheme and rounding mode");
        }
        if (samples < 1 || labelled < 0 || labelled > samples || correct < 0 || correct > labelled || floatCorrect < 0
                || floatCorrect > labelled || agree < 0 || agree > samples) {
            throw new IllegalArgumentException("evaluation on " + chip + ": inconsistent counts: " + samples + " samples, "
                    + labelled + " labelled, " + correct + " correct, " + floatCorrect + " float correct, " + agree
                    + " agreeing");
        }
        if (cycles < 0 || macs < 0 || hbmReadBytes < 0 || hbmWrittenBytes < 0 || peakMacsPerCycle < 1 || !(clockMhz > 0)) {
            throw new IllegalArgumentException("evaluation on " + chip + ": cycles, MACs and bytes must be 0 or more, the"
                    + " peak and clock above 0");
        }
        if (energy == null) {
            throw new IllegalArgumentException("evaluation on " + chip + ": needs its energy");
        }
    }

    /** NPU cycles per sample, rounded down. */
    public long cyclesPerInference() {
        return cycles / samples;
    }

    /** Microseconds per sample at the chip's clock. */
    public double microsecondsPerInference() {
        return cyclesPerInference() / clockMhz;
    }

    /** MACs / (cycles x peak): the share of PE-cycles doing useful work, 0..1 (0 when nothing ran). */
    public double utilisation() {
        return cycles == 0 ? 0 : (double) macs / ((double) cycles * peakMacsPerCycle);
    }

    /** Energy per sample, by component. */
    public EnergyBreakdown energyPerInference() {
        return energy.dividedBy(samples);
    }

    /** Average power over the NPU's cycles at the chip's clock, mW. */
    public double averagePowerMw() {
        return energy.averagePowerMw(cycles, clockMhz);
    }

    /** Two operations per MAC over the energy spent. */
    public double topsPerWatt() {
        return energy.topsPerWatt(macs);
    }

    public long hbmReadBytesPerInference() {
        return hbmReadBytes / samples;
    }

    public long hbmWrittenBytesPerInference() {
        return hbmWrittenBytes / samples;
    }
}
