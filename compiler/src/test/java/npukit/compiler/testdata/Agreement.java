package npukit.compiler.testdata;

import npukit.compiler.ir.Tensor;

/**
 * How far one float tensor is from a reference of the same type: the largest absolute difference,
 * where it is, and the largest reference magnitude, so a tolerance can be stated relative to the
 * output's scale (float32 sums taken in another order differ by a few ulps of the largest partial sum,
 * not of each small element).
 *
 * @param maxAbsDiff      largest |got - reference| over all elements, 0 or more
 * @param worstIndex      flat index of that element, or -1 for an empty tensor
 * @param maxAbsReference largest |reference| element, 0 or more
 */
public record Agreement(double maxAbsDiff, int worstIndex, double maxAbsReference) {

    public Agreement {
        if (!(maxAbsDiff >= 0) || !(maxAbsReference >= 0)) {
            throw new IllegalArgumentException("agreement needs differences and magnitudes of 0 or more, got "
                    + maxAbsDiff + " and " + maxAbsReference);
        }
        if (worstIndex < -1) {
            throw new IllegalArgumentException("worst index " + worstIndex + " is below -1");
        }
    }

    /** Compares {@code got} with {@code reference}; both must be float tensors of one shape. NaN differences count as infinite. */
    public static Agreement of(Tensor reference, Tensor got) {
        if (!reference.elementType().isFloating() || !got.elementType().isFloating() || !reference.shape().equals(got.shape())) {
            throw new IllegalArgumentException("cannot compare " + got.type().text() + " with reference " + reference.type().text());
        }
        double worst = 0;
        int at = reference.size() == 0 ? -1 : 0;
        double scale = 0;
        for (int i = 0; i < reference.size(); i++) {
            double d = Math.abs(got.getDouble(i) - reference.getDouble(i));
            if (Double.isNaN(d)) {
                d = Double.POSITIVE_INFINITY;
            }
            if (d > worst) {
                worst = d;
                at = i;
            }
            scale = Math.max(scale, Math.abs(reference.getDouble(i)));
        }
        return new Agreement(worst, at, scale);
    }

    /** The difference relative to the output's largest magnitude (0 when both are 0). */
    public double relativeToScale() {
        return maxAbsDiff == 0 ? 0 : maxAbsDiff / maxAbsReference;
    }

    /** Whether every element is within {@code atol + rtol * maxAbsReference}. */
    public boolean within(double rtol, double atol) {
        return maxAbsDiff <= atol + rtol * maxAbsReference;
    }
}
