package npukit.compiler.quant;

/**
 * Collects the values one activation tensor takes over a calibration set, one batch at a time, and
 * chooses its quantization range. Each batch must be non-empty and finite (NaN and infinities are
 * rejected, naming the index). A calibrator is stateful and not thread-safe.
 */
public interface Calibrator {

    /** The method this calibrator implements. */
    CalibrationMethod method();

    /** Adds one batch of values. */
    void observe(double[] values);

    /** Adds one batch of float values (widened to double exactly). */
    default void observe(float[] values) {
        if (values == null) {
            throw new IllegalArgumentException("nothing to calibrate on: the batch is null");
        }
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        observe(wide);
    }

    /** The range chosen from every batch observed so far; an error before the first batch. */
    Range range();

    /** Rejects a null, empty or non-finite batch. */
    static void requireBatch(double[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("nothing to calibrate on: the batch is empty");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("calibration value [" + i + "] = " + values[i] + " is not finite");
            }
        }
    }

    /** The error for {@link #range()} before any batch. */
    static IllegalStateException noData(CalibrationMethod method) {
        return new IllegalStateException(method.cliName() + " calibration has observed no values yet");
    }
}
