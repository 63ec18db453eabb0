package npukit.arch.numerics;

/**
 * The shared loop of the linear and power-of-two quantizers: per channel, choose (scale, zero point,
 * code range) from the channel's min and max, then q = clamp(R(x / scale) + zeroPoint, qmin, qmax).
 * A stochastic rounder is drawn from in order: per channel, the scale rule first, then each value.
 */
final class AffineQuantization {

    /** One channel's parameters. */
    record Params(double scale, int zeroPoint, int qmin, int qmax) {
        Params {
            if (!Double.isFinite(scale) || scale <= 0) {
                throw new IllegalArgumentException("scale " + scale + " must be finite and > 0 "
                        + "(the channel's range is too large to quantize)");
            }
            if (qmin > qmax || zeroPoint < qmin || zeroPoint > qmax) {
                throw new IllegalArgumentException("zero point " + zeroPoint + " must lie in the code range "
                        + qmin + ".." + qmax);
            }
        }
    }

    /** How a quantizer picks a channel's parameters. */
    interface ScaleRule {
        Params choose(double min, double max, Rounder rounder);
    }

    private AffineQuantization() {
    }

    static QuantizedTensor quantize(double[] values, int channels, ScaleRule rule, Rounder rounder) {
        requireValues(values, channels);
        int perChannel = values.length / channels;
        int[] codes = new int[values.length];
        double[] scales = new double[channels];
        int[] zeroPoints = new int[channels];
        for (int c = 0; c < channels; c++) {
            int from = c * perChannel;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = from; i < from + perChannel; i++) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
            Params p = rule.choose(min, max, rounder);
            scales[c] = p.scale();
            zeroPoints[c] = p.zeroPoint();
            for (int i = from; i < from + perChannel; i++) {
                long q = rounder.round(values[i] / p.scale()) + p.zeroPoint();
                codes[i] = (int) Math.max(p.qmin(), Math.min(p.qmax(), q));
            }
        }
        return new QuantizedTensor(codes, channels, scales, zeroPoints, new CodeDecoder.Affine());
    }

    /** Rejects a missing, empty or non-finite tensor, or a channel count that does not divide it. */
    static void requireValues(double[] values, int channels) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("nothing to quantize: the tensor is empty");
        }
        if (values.length % channels != 0) {
            throw new IllegalArgumentException(channels + " channels do not divide a tensor of " + values.length
                    + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value [" + i + "] = " + values[i] + " is not finite");
            }
        }
    }

    static void requireBits(int bits) {
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("code width must be 2..16 bits, got " + bits);
        }
    }

    static void requireChannels(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
    }

    static void requireRounder(Rounder rounder) {
        if (rounder == null) {
            throw new IllegalArgumentException("a rounder is required");
        }
    }
}
