package npukit.arch.numerics;

/**
 * How far an approximation is from a reference.
 *
 * @param mse         mean squared error
 * @param sqnrDb      10 log10(sum ref^2 / sum err^2); +infinity when the error is zero
 * @param maxAbsError largest absolute element error
 */
public record ErrorMetrics(double mse, double sqnrDb, double maxAbsError) {

    public ErrorMetrics {
        if (!(mse >= 0) || Double.isInfinite(mse)) {
            throw new IllegalArgumentException("mse must be finite and >= 0, got " + mse);
        }
        if (!(maxAbsError >= 0) || Double.isInfinite(maxAbsError)) {
            throw new IllegalArgumentException("max abs error must be finite and >= 0, got " + maxAbsError);
        }
        if (Double.isNaN(sqnrDb)) {
            throw new IllegalArgumentException("sqnr must be a number, got NaN");
        }
    }

    public static ErrorMetrics of(double[] reference, double[] approx) {
        if (reference == null || approx == null) {
            throw new IllegalArgumentException("reference and approximation are required");
        }
        if (reference.length == 0 || reference.length != approx.length) {
            throw new IllegalArgumentException("need two non-empty arrays of the same length, got "
                    + reference.length + " and " + approx.length);
        }
        double signal = 0;
        double noise = 0;
        double maxAbs = 0;
        for (int i = 0; i < reference.length; i++) {
            double err = approx[i] - reference[i];
            if (!Double.isFinite(err) || !Double.isFinite(reference[i])) {
                throw new IllegalArgumentException("element [" + i + "] is not finite: reference " + reference[i]
                        + ", approximation " + approx[i]);
            }
            signal += reference[i] * reference[i];
            noise += err * err;
            maxAbs = Math.max(maxAbs, Math.abs(err));
        }
        double sqnr = noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
        return new ErrorMetrics(noise / reference.length, sqnr, maxAbs);
    }
}
