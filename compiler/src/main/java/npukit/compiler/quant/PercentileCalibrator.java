package npukit.compiler.quant;

/**
 * The symmetric range [-t, t] with t the p-th percentile of |x| over every value observed. Exact, from
 * the sorted sample (all |x| are kept): nearest rank, t = the k-th smallest |x| with k = ceil(p * n / 100),
 * at least 1. p = 100 gives max |x|. Default p = 99.99.
 */
public final class PercentileCalibrator implements Calibrator {

    /** Default percentile of |x|. */
    public static final double DEFAULT_PERCENTILE = 99.99;

    private final double percentile;
    private final AbsSample sample = new AbsSample();

    public PercentileCalibrator(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
        this.percentile = percentile;
    }

    public double percentile() {
        return percentile;
    }

    @Override
    public CalibrationMethod method() {
        return CalibrationMethod.PERCENTILE;
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
        long rank = (long) Math.ceil(percentile * n / 100);
        rank = Math.max(1, Math.min(n, rank));
        return Range.symmetric(sample.sorted()[(int) (rank - 1)]);
    }
}
