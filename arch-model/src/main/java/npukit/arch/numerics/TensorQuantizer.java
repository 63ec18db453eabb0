package npukit.arch.numerics;

/** Quantizes a float tensor (typically weights) the way one chip's toolchain does. */
public interface TensorQuantizer {

    /** The codes and the parameters needed to dequantize them; the input is not modified. */
    QuantizedTensor quantize(double[] values);

    /** A one-line description for reports, e.g. {@code linear 8-bit symmetric, 4 channels, half-even}. */
    String describe();
}
