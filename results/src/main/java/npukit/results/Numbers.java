package npukit.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.OptionalDouble;

/** How results files write fractional figures: plain decimals that rerun the same and diff cleanly. */
public final class Numbers {

    /** Significant digits of a fraction: enough to compare runs, few enough that reruns diff cleanly. */
    private static final int DIGITS = 6;

    private Numbers() {
    }

    /**
     * Plain decimal (never exponent notation), no trailing zeros: 6 significant digits, but never fewer
     * than 3 decimals' worth, so a cycle count in the millions is not rounded to thousands.
     */
    public static String plain(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("a report figure must be finite, got " + d);
        }
        BigDecimal b = new BigDecimal(d);
        int integerDigits = Math.max(1, b.precision() - b.scale());
        return b.round(new MathContext(Math.max(DIGITS, integerDigits + 3))).stripTrailingZeros().toPlainString();
    }

    /** {@link #plain(double)}, or an empty cell when the figure does not apply. */
    public static String plain(OptionalDouble d) {
        return d.isPresent() ? plain(d.getAsDouble()) : "";
    }
}
