package npukit.compiler.quant;

import java.util.List;

/**
 * The input codecs of a grouped convolution whose X the host encodes group by group: group g's input
 * channels (channels / groups of them, consecutive) with its own scale and zero point, calibrated on
 * those channels alone.
 *
 * <p>Why: each output column of a grouped convolution reads only its group's input channels, so its
 * accumulator unit is s_x,g * s_w,j, one more per-column factor that the per-lane requantization
 * registers absorb; the chip needs nothing new, and the host already writes X (im2col). A per-tensor
 * scale instead lets the widest channel set the step of every other, and a depthwise output sees one
 * input channel, so nothing averages its rounding out: PP-OCRv4 detection's p2o.Conv.3 reads a tensor
 * calibrated to [-0.78, 142.7] (one step 0.56) and measured 9.9 dB with one input scale.
 *
 * @param codecs   one affine codec per group, in group order
 * @param channels input channels of the layer (a multiple of the number of groups)
 */
public record GroupInputs(List<ActivationCodec> codecs, int channels) {

    public GroupInputs {
        if (codecs == null || codecs.size() < 2 || channels % codecs.size() != 0) {
            throw new IllegalArgumentException("group inputs: " + (codecs == null ? 0 : codecs.size()) + " groups for "
                    + channels + " input channels");
        }
        if (codecs.stream().anyMatch(c -> c.kind() != ActivationCodec.Kind.AFFINE)) {
            throw new IllegalArgumentException("group inputs: every codec must be affine (X enters the array as linear "
                    + "operands)");
        }
        codecs = List.copyOf(codecs);
    }

    /** The codec of input channel {@code c}. */
    public ActivationCodec ofChannel(int c) {
        return codecs.get(c / (channels / codecs.size()));
    }

    /** The codes of an NCHW image (any batch), each channel encoded with its group's codec. */
    public int[] encode(double[] image) {
        if (image.length % channels != 0) {
            throw new IllegalArgumentException("group inputs: " + image.length + " values are not " + channels
                    + " channels");
        }
        int plane = image.length / channels;
        int[] codes = new int[image.length];
        double[] slice = new double[plane];
        for (int start = 0; start < image.length; start += plane) {
            System.arraycopy(image, start, slice, 0, plane);
            int[] c = ofChannel(start / plane % channels).encode(slice);
            System.arraycopy(c, 0, codes, start, plane);
        }
        return codes;
    }

    /** The code of real 0 per input channel, which the host writes where im2col pads that channel. */
    public int[] padCodes() {
        int[] pad = new int[channels];
        for (int c = 0; c < channels; c++) {
            pad[c] = ofChannel(c).zeroCode();
        }
        return pad;
    }
}
