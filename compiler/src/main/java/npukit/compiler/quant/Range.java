package npukit.compiler.quant;

/**
 * A calibrated activation range [min, max]: both finite, min <= max.
 *
 * @param min the smallest value the tensor is expected to take
 * @param max the largest value the tensor is expected to take
 */
public record Range(double min, double max) {

    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] must be finite");
        }
        if (min > max) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] has min > max");
        }
    }

    /** The symmetric range [-t, t] for a threshold t >= 0. */
    public static Range symmetric(double threshold) {
        if (!(threshold >= 0)) {
            throw new IllegalArgumentException("threshold " + threshold + " must be >= 0");
        }
        return new Range(-threshold, threshold);
    }

    /** max(|min|, |max|). */
    public double absMax() {
        return Math.max(Math.abs(min), Math.abs(max));
    }
}
