package npukit.arch.numerics;

/**
 * Linear (affine) quantization with a float scale per channel.
 *
 * <p>Symmetric: scale = max|x| / qmax, zero point 0, codes in [-qmax, qmax] with qmax = 2^(bits-1)-1.
 * Asymmetric: the range [min(min, 0), max(max, 0)] is spread over 2^bits - 1 steps, zero point =
 * clamp(qmin - R(lo / scale), qmin, qmax), codes in [-2^(bits-1), 2^(bits-1)-1]. An all-zero channel
 * gets scale 1.
 *
 * @param bits      code width, 2..16
 * @param symmetric whether the zero point is fixed at 0
 * @param channels  number of channels; the data is [channels][n / channels], row-major; 1 is per-tensor
 * @param rounder   rounds x / scale (and the asymmetric zero point)
 */
public record LinearQuantizer(int bits, boolean symmetric, int channels, Rounder rounder) implements TensorQuantizer {

    public LinearQuantizer {
        AffineQuantization.requireBits(bits);
        AffineQuantization.requireChannels(channels);
        AffineQuantization.requireRounder(rounder);
    }

    @Override
    public QuantizedTensor quantize(double[] values) {
        int qmax = (1 << (bits - 1)) - 1;
        int qmin = -qmax - 1;
        AffineQuantization.ScaleRule rule = symmetric
                ? (min, max, r) -> {
                    double absMax = Math.max(Math.abs(min), Math.abs(max));
                    return new AffineQuantization.Params(absMax == 0 ? 1 : absMax / qmax, 0, -qmax, qmax);
                }
                : (min, max, r) -> {
                    double lo = Math.min(min, 0);
                    double hi = Math.max(max, 0);
                    double scale = hi == lo ? 1 : (hi - lo) / ((1 << bits) - 1);
                    long zp = Math.max(qmin, Math.min(qmax, qmin - r.round(lo / scale)));
                    return new AffineQuantization.Params(scale, (int) zp, qmin, qmax);
                };
        return AffineQuantization.quantize(values, channels, rule, rounder);
    }

    @Override
    public String describe() {
        return "linear " + bits + "-bit " + (symmetric ? "symmetric" : "asymmetric") + ", " + channels
                + (channels == 1 ? " channel" : " channels") + ", " + rounder.mode().cliName();
    }
}
