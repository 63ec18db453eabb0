package npukit.arch.numerics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Codes of a tensor laid out as [channels][codes.length / channels], row-major, with one scale and
 * one zero point per channel. Arrays are copied in and out, so an instance never changes.
 */
public record QuantizedTensor(int[] codes, int channels, double[] scales, int[] zeroPoints, CodeDecoder decoder) {

    public QuantizedTensor {
        if (codes == null || scales == null || zeroPoints == null || decoder == null) {
            throw new IllegalArgumentException("codes, scales, zero points and decoder are all required");
        }
        if (channels < 1 || codes.length % channels != 0) {
            throw new IllegalArgumentException("channels = " + channels + " must be >= 1 and divide the "
                    + codes.length + " codes");
        }
        if (scales.length != channels || zeroPoints.length != channels) {
            throw new IllegalArgumentException("need one scale and one zero point per channel (" + channels
                    + "), got " + scales.length + " scales and " + zeroPoints.length + " zero points");
        }
        for (double s : scales) {
            if (!Double.isFinite(s) || s <= 0) {
                throw new IllegalArgumentException("scale " + s + " must be finite and > 0");
            }
        }
        codes = codes.clone();
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
    }

    @Override
    public int[] codes() {
        return codes.clone();
    }

    @Override
    public double[] scales() {
        return scales.clone();
    }

    @Override
    public int[] zeroPoints() {
        return zeroPoints.clone();
    }

    /** The real values the codes stand for. */
    public double[] dequantize() {
        int perChannel = codes.length / channels;
        double[] out = new double[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int c = i / perChannel;
            out[i] = decoder.decode(codes[i], scales[c], zeroPoints[c]);
        }
        return out;
    }

    // Arrays compare by identity in a record's generated methods; compare contents instead.
    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedTensor t && channels == t.channels && decoder.equals(t.decoder)
                && Arrays.equals(codes, t.codes) && Arrays.equals(scales, t.scales)
                && Arrays.equals(zeroPoints, t.zeroPoints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, decoder, Arrays.hashCode(codes), Arrays.hashCode(scales),
                Arrays.hashCode(zeroPoints));
    }

    @Override
    public String toString() {
        return "QuantizedTensor[codes=" + Arrays.toString(codes) + ", channels=" + channels + ", scales="
                + Arrays.toString(scales) + ", zeroPoints=" + Arrays.toString(zeroPoints) + ", decoder=" + decoder + "]";
    }
}
