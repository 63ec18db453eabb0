package npukit.runner;

import npukit.compiler.ir.Tensor;

/**
 * A model's own measure of how well the chip's output serves its purpose, beside SQNR: cosine of
 * sentence embeddings, IoU of text maps, recognized strings. Scores are 0..1 per sample (1: as good
 * as float) and averaged over samples.
 */
public interface QualityMetric {

    /** What is measured, for reports: "cosine of the sentence embedding". */
    String name();

    /** The score of one sample: the chip's output {@code got} against float's {@code reference}. */
    double score(ModelSource.Sample sample, Tensor reference, Tensor got);

    /** A line showing the sample's result in the model's terms (decoded text, say), or "" when nothing more to show. */
    default String show(ModelSource.Sample sample, Tensor reference, Tensor got) {
        return "";
    }

    /**
     * The mean score over samples with the first sample's shown result.
     *
     * @param metric  the metric's name
     * @param mean    mean score, 0..1
     * @param samples samples scored
     * @param first   the first sample's {@link #show} line
     */
    record Score(String metric, double mean, int samples, String first) {
    }
}
