package npukit.compiler.quant;

/** The running min and max over every value of every batch. */
public final class MinMaxCalibrator implements Calibrator {

    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    @Override
    public CalibrationMethod method() {
        return CalibrationMethod.MINMAX;
    }

    @Override
    public void observe(double[] values) {
        Calibrator.requireBatch(values);
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }

    @Override
    public Range range() {
        if (min > max) {
            throw Calibrator.noData(method());
        }
        return new Range(min, max);
    }
}
