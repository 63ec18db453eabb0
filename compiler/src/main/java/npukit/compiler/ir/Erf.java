package npukit.compiler.ir;

/**
 * The error function in double, to about 1e-14 relative: its Maclaurin series below |x| = 3, the
 * continued fraction of erfc above (Java's Math has no erf).
 */
final class Erf {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Erf() {
    }

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a;
            double sum = a;
            double x2 = a * a;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            r = TWO_OVER_SQRT_PI * sum;
        } else if (a < 7) {
            r = 1 - erfcContinuedFraction(a);
        } else {
            r = 1;
        }
        return Math.copySign(r, x);
    }

    /** erfc(x) = exp(-x^2) / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))), for x >= 3. */
    private static double erfcContinuedFraction(double x) {
        double f = x;
        for (int k = 80; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
