package npukit.compiler.quant;

/**
 * Exponential moving average of the per-batch min and max, as PyTorch's
 * MovingAverageMinMaxObserver: the first batch sets min and max to its own; each later batch b updates
 * min += c * (min_b - min) and max += c * (max_b - max), with the averaging constant c in (0, 1]
 * (default 0.01; c = 1 keeps only the last batch).
 */
public final class MovingAverageCalibrator implements Calibrator {

    /** PyTorch's default averaging constant. */
    public static final double DEFAULT_CONSTANT = 0.01;

    private final double constant;
    private boolean seen;
    private double min;
    private double max;

    public MovingAverageCalibrator(double constant) {
        if (!(constant > 0 && constant <= 1)) {
            throw new IllegalArgumentException("moving-average constant must be in (0, 1], got " + constant);
        }
        this.constant = constant;
    }

    public double constant() {
        return constant;
    }

    @Override
    public CalibrationMethod method() {
        return CalibrationMethod.MOVING_AVERAGE;
    }

    @Override
    public void observe(double[] values) {
        Calibrator.requireBatch(values);
        double bmin = Double.POSITIVE_INFINITY;
        double bmax = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            bmin = Math.min(bmin, v);
            bmax = Math.max(bmax, v);
        }
        if (!seen) {
            min = bmin;
            max = bmax;
            seen = true;
        } else {
            min += constant * (bmin - min);
            max += constant * (bmax - max);
        }
    }

    @Override
    public Range range() {
        if (!seen) {
            throw Calibrator.noData(method());
        }
        return new Range(min, max);
    }
}
