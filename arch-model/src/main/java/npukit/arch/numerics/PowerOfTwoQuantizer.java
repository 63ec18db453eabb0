package npukit.arch.numerics;

/**
 * Symmetric quantization with scales restricted to powers of two (as Vitis AI's DPU): scale = 2^k
 * with k the smallest integer such that max|x| / 2^k <= qmax, codes in [-qmax, qmax] with qmax =
 * 2^(bits-1)-1. An all-zero channel gets k = 0.
 *
 * @param bits     code width, 2..16
 * @param channels number of channels; the data is [channels][n / channels], row-major
 * @param rounder  rounds x / 2^k
 */
public record PowerOfTwoQuantizer(int bits, int channels, Rounder rounder) implements TensorQuantizer {

    public PowerOfTwoQuantizer {
        AffineQuantization.requireBits(bits);
        AffineQuantization.requireChannels(channels);
        AffineQuantization.requireRounder(rounder);
    }

    @Override
    public QuantizedTensor quantize(double[] values) {
        int qmax = (1 << (bits - 1)) - 1;
        return AffineQuantization.quantize(values, channels, (min, max, r) -> {
            double absMax = Math.max(Math.abs(min), Math.abs(max));
            return new AffineQuantization.Params(Math.scalb(1.0, exponent(absMax, qmax)), 0, -qmax, qmax);
        }, rounder);
    }

    /**
     * The smallest k with absMax / 2^k <= qmax. Math.scalb(absMax, -k) is exact whenever the result is
     * near qmax (a normal number), so the comparisons are exact; the estimate from the binary
     * exponents is off by at most a few steps and the loops correct it.
     */
    static int exponent(double absMax, int qmax) {
        if (absMax == 0) {
            return 0;
        }
        int k = Math.getExponent(absMax) - Math.getExponent((double) qmax);
        while (Math.scalb(absMax, -k) > qmax) {
            k++;
        }
        while (Math.scalb(absMax, -(k - 1)) <= qmax) {
            k--;
        }
        return k;
    }

    @Override
    public String describe() {
        return "power-of-two " + bits + "-bit, " + channels + (channels == 1 ? " channel" : " channels") + ", "
                + rounder.mode().cliName();
    }
}
