package npukit.compiler.quant;

/**
 * TensorRT's entropy calibration: the symmetric range [-t, t] whose threshold t minimises the KL
 * divergence between the distribution of |x| and its quantized form.
 *
 * <p>All |x| are kept, so the result does not depend on batching. With M = max |x| and B bins
 * (default 2048) of width w = M / B, bin k counts the |x| with floor(|x| / w) = k (|x| = M goes to
 * the last bin). For each candidate i = L..B (L levels, default 128):
 * <ol>
 *   <li>P = bins 0..i-1, with the count of all bins i..B-1 (the clipped outliers) added to P[i-1].</li>
 *   <li>Q: bins 0..i-1 (without the outliers) are split into L chunks of m = floor(i / L) bins, the last
 *       chunk also taking the remaining i - L m bins; each chunk's total is spread evenly over its
 *       non-zero bins, and its empty bins stay 0.</li>
 *   <li>Smoothing (as MXNet's and TVM's implementations of this method), on the counts: with eps =
 *       1e-4, a distribution with z zero and n non-zero entries gets eps added to each zero entry and
 *       eps z / n taken from each non-zero one. Then P and Q are normalized to sum 1.</li>
 *   <li>KL(P || Q) = sum_k P[k] ln(P[k] / Q[k]).</li>
 * </ol>
 * A candidate whose Q is all zero (no value below i w) is skipped. The threshold is the upper edge
 * t = i w of the last kept bin for the i with the smallest divergence, the smallest such i on a tie.
 * (TensorRT's description uses the bin centre (i - 1 + 0.5) w; the upper edge keeps every value of
 * P's bins inside the range.) When every |x| is 0 the range is [0, 0]; when fewer than L bins exist,
 * i.e. B < L, the constructor rejects it.
 */
public final class EntropyCalibrator implements Calibrator {

    public static final int DEFAULT_BINS = 2048;
    public static final int DEFAULT_LEVELS = 128;
    /** Smoothing added to empty bins. */
    public static final double EPSILON = 1e-4;

    private final int bins;
    private final int levels;
    private final AbsSample sample = new AbsSample();

    public EntropyCalibrator() {
        this(DEFAULT_BINS, DEFAULT_LEVELS);
    }

    /**
     * @param bins   histogram bins over [0, max |x|], >= levels
     * @param levels quantization levels of the candidate distribution Q, >= 2 (128 for int8)
     */
    public EntropyCalibrator(int bins, int levels) {
        if (levels < 2) {
            throw new IllegalArgumentException("entropy levels must be >= 2, got " + levels);
        }
        if (bins < levels) {
            throw new IllegalArgumentException("entropy bins (" + bins + ") must be >= levels (" + levels + ")");
        }
        this.bins = bins;
        this.levels = levels;
    }

    @Override
    public CalibrationMethod method() {
        return CalibrationMethod.ENTROPY;
    }

    @Override
    public void observe(double[] values) {
        sample.add(values);
    }

    @Override
    public Range range() {
        int n = sample.size();
        if (n == 0) {
            throw Calibrator.noData(method());
        }
        double max = sample.max();
        if (max == 0) {
            return new Range(0, 0);
        }
        double width = max / bins;
        long[] hist = new long[bins];
        for (int k = 0; k < n; k++) {
            int b = (int) (sample.get(k) / width);
            hist[Math.min(b, bins - 1)]++;
        }
        int best = threshold(hist, levels);
        return Range.symmetric(best == bins ? max : best * width);
    }

    /** The bin count i (levels..hist.length) with the smallest KL(P || Q); the first on a tie. */
    static int threshold(long[] hist, int levels) {
        int bins = hist.length;
        long[] suffix = new long[bins + 1];
        for (int k = bins - 1; k >= 0; k--) {
            suffix[k] = suffix[k + 1] + hist[k];
        }
        int best = bins;
        double bestKl = Double.POSITIVE_INFINITY;
        for (int i = levels; i <= bins; i++) {
            double kl = divergence(hist, i, levels, suffix[i]);
            if (kl < bestKl) {
                bestKl = kl;
                best = i;
            }
        }
        return best;
    }

    /** KL(P || Q) for the candidate of i bins; +infinity when Q is all zero. */
    static double divergence(long[] hist, int i, int levels, long outliers) {
        double[] p = new double[i];
        for (int k = 0; k < i; k++) {
            p[k] = hist[k];
        }
        p[i - 1] += outliers;
        double[] q = new double[i];
        int merged = i / levels;
        for (int j = 0; j < levels; j++) {
            int from = j * merged;
            int to = j == levels - 1 ? i : from + merged;
            double total = 0;
            int nonZero = 0;
            for (int k = from; k < to; k++) {
                total += hist[k];
                if (hist[k] != 0) {
                    nonZero++;
                }
            }
            if (nonZero > 0) {
                double each = total / nonZero;
                for (int k = from; k < to; k++) {
                    if (hist[k] != 0) {
                        q[k] = each;
                    }
                }
            }
        }
        if (!smooth(p) || !smooth(q)) {
            return Double.POSITIVE_INFINITY;
        }
        normalize(p);
        normalize(q);
        double kl = 0;
        for (int k = 0; k < i; k++) {
            kl += p[k] * Math.log(p[k] / q[k]);
        }
        return kl;
    }

    /** Moves EPSILON onto each zero entry from the non-zero ones; false if all entries are zero. */
    private static boolean smooth(double[] d) {
        int zeros = 0;
        for (double v : d) {
            if (v == 0) {
                zeros++;
            }
        }
        int nonZeros = d.length - zeros;
        if (nonZeros == 0) {
            return false;
        }
        double take = EPSILON * zeros / nonZeros;
        for (int k = 0; k < d.length; k++) {
            d[k] = d[k] == 0 ? EPSILON : d[k] - take;
        }
        return true;
    }

    private static void normalize(double[] d) {
        double sum = 0;
        for (double v : d) {
            sum += v;
        }
        for (int k = 0; k < d.length; k++) {
            d[k] /= sum;
        }
    }
}
