package npukit.compiler.lower;

import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * An integer ONNX node (QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger) as one NPU layer plus
 * the host's two conversions around it:
 *
 * <ul>
 *   <li>{@link #buildX}: the node's integer input tensor to X, operand = x - x_zero_point per element
 *       (one zero point, or one per row of a 2-D MatMulInteger input), through {@link Im2col} for a
 *       convolution with padded positions set to operand 0 (ONNX pads with the zero point, and
 *       zero point - zero point = 0);</li>
 *   <li>{@link #decodeY}: Y back to the node's output tensor: value = code + {@code outputOffset} for
 *       quantized outputs (128 for UINT8, whose codes the quant unit writes as signed 8-bit values with
 *       its zero point register set to y_zero_point - 128; 0 for INT8), the accumulators as INT32
 *       for raw outputs; a convolution's rows (pixels) become NCHW again.</li>
 * </ul>
 *
 * @param layer            the NPU layer: W operands and the lanes' quant registers, or raw accumulators
 * @param input            the node's data input (X is built from a tensor of exactly this type)
 * @param inputZeroPoints  x_zero_point: one value, or one per row of X (MatMulInteger's per-row a_zero_point)
 * @param im2col           the convolution's layout transform; empty for a matrix product
 * @param output           the node's output (decodeY returns a tensor of exactly this type)
 * @param outputOffset     added to each quant unit code to give the output value; 0 for accumulators
 * @param runtimeZeroPoint for a MatMulInteger with a run-time a_zero_point: X is shifted by a fixed offset
 *                         (the one input zero point) and {@link #decodeY(int[], Optional)} corrects Y
 */
public record IntegerLayer(NpuLayer layer, Value input, List<Integer> inputZeroPoints, Optional<Im2col> im2col,
                           Value output, int outputOffset, Optional<RuntimeZeroPoint> runtimeZeroPoint) {

    /** A layer whose zero points are all constants. */
    public IntegerLayer(NpuLayer layer, Value input, List<Integer> inputZeroPoints, Optional<Im2col> im2col, Value output,
                        int outputOffset) {
        this(layer, input, inputZeroPoints, im2col, output, outputOffset, Optional.empty());
    }

    public IntegerLayer {
        if (layer == null || input == null || inputZeroPoints == null || im2col == null || output == null
                || runtimeZeroPoint == null) {
            throw new IllegalArgumentException("integer layer: every field is required");
        }
        String name = layer.name();
        inputZeroPoints = List.copyOf(inputZeroPoints);
        ElementType in = input.type().elementType();
        if (in != ElementType.INT8 && in != ElementType.UINT8) {
            throw new IllegalArgumentException("integer layer " + name + ": input " + input.ref() + " must be INT8 or UINT8, got "
                    + in);
        }
        if (!input.type().isStatic() || !output.type().isStatic()) {
            throw new IllegalArgumentException("integer layer " + name + ": input " + input.text() + " and output "
                    + output.text() + " need static shapes");
        }
        ElementType out = output.type().elementType();
        boolean raw = layer.output() == NpuLayer.Output.ACCUMULATORS;
        if (raw ? out != ElementType.INT32 || outputOffset != 0 : out != ElementType.INT8 && out != ElementType.UINT8) {
            throw new IllegalArgumentException("integer layer " + name + ": a " + layer.output() + " layer cannot produce "
                    + output.text() + " with output offset " + outputOffset);
        }
        if (inputZeroPoints.size() != 1 && (inputZeroPoints.size() != layer.m() || im2col.isPresent())) {
            throw new IllegalArgumentException("integer layer " + name + ": " + inputZeroPoints.size()
                    + " input zero points; need one, or one per row of X (" + layer.m() + ") for a matrix product");
        }
        long xElements = im2col.map(c -> (long) c.in().n() * c.in().c() * c.in().h() * c.in().w())
                .orElse((long) layer.m() * layer.k());
        if (input.type().elementCount() != xElements) {
            throw new IllegalArgumentException("integer layer " + name + ": input " + input.text() + " does not hold "
                    + xElements + " elements");
        }
        im2col.ifPresent(c -> {
            if (c.rows() != layer.m() || c.cols() != layer.k()) {
                throw new IllegalArgumentException("integer layer " + name + ": im2col gives " + c.rows() + " x " + c.cols()
                        + ", the layer takes " + layer.m() + " x " + layer.k());
            }
        });
        if (output.type().elementCount() != (long) layer.m() * layer.n()) {
            throw new IllegalArgumentException("integer layer " + name + ": output " + output.text() + " does not hold "
                    + layer.m() + " x " + layer.n() + " results");
        }
    }

    /** X (m x k, row-major) operands for the node's input tensor, which must have the input's type. */
    public int[] buildX(Tensor x) {
        requireType("input", x.type(), input.type());
        int[] image = new int[x.size()];
        int rowLength = layer.k();
        for (int i = 0; i < image.length; i++) {
            // Per-row zero points only exist without im2col, where element i sits in row i / k.
            int zp = inputZeroPoints.size() == 1 ? inputZeroPoints.get(0) : inputZeroPoints.get(i / rowLength);
            image[i] = (int) x.getLong(i) - zp;
        }
        return im2col.map(c -> c.rows(image, 0)).orElse(image);
    }

    /**
     * The node's output tensor from Y and, for a layer with a run-time zero point, that zero point's value
     * (empty otherwise).
     */
    public Tensor decodeY(int[] y, Optional<Tensor> zeroPointValue) {
        if (runtimeZeroPoint.isPresent()) {
            Tensor zp = zeroPointValue.orElseThrow(() -> new IllegalArgumentException("integer layer " + layer.name()
                    + ": the run-time zero point " + runtimeZeroPoint.get().zeroPoint().ref() + " is needed to decode Y"));
            return decode(runtimeZeroPoint.get().correct(checkLength(y), zp));
        }
        return decode(y);
    }

    /** The node's output tensor from Y (m x n, row-major) as {@link NpuLayerReference} or the chip writes it. */
    public Tensor decodeY(int[] y) {
        if (runtimeZeroPoint.isPresent()) {
            throw new IllegalArgumentException("integer layer " + layer.name() + " has a run-time zero point; decode Y with"
                    + " its value");
        }
        return decode(y);
    }

    private int[] checkLength(int[] y) {
        if (y.length != layer.m() * layer.n()) {
            throw new IllegalArgumentException("integer layer " + layer.name() + ": Y has " + y.length + " values, expected "
                    + layer.m() + " x " + layer.n());
        }
        return y;
    }

    private Tensor decode(int[] y) {
        if (y.length != layer.m() * layer.n()) {
            throw new IllegalArgumentException("integer layer " + layer.name() + ": Y has " + y.length + " values, expected "
                    + layer.m() + " x " + layer.n());
        }
        int[] ordered = im2col.map(c -> c.image(y)).orElse(y);
        ElementType type = output.type().elementType();
        long[] values = new long[ordered.length];
        for (int i = 0; i < values.length; i++) {
            long v = (long) ordered[i] + outputOffset;
            if (!type.contains(v)) {
                throw new IllegalArgumentException("integer layer " + layer.name() + ": code " + ordered[i] + " at " + i
                        + " plus offset " + outputOffset + " is outside " + type);
            }
            values[i] = v;
        }
        return Tensor.fromLongs(output.type(), values);
    }

    /** The node's output for an input tensor, computed by {@link NpuLayerReference} on the chip's arithmetic. */
    public Tensor runReference(Tensor x, ChipConfig chip) {
        return decodeY(NpuLayerReference.run(layer, buildX(x), chip.array(), chip.quant()));
    }

    /** As {@link #runReference(Tensor, ChipConfig)}, with the run-time zero point's value when the layer has one. */
    public Tensor runReference(Tensor x, Optional<Tensor> zeroPointValue, ChipConfig chip) {
        return decodeY(NpuLayerReference.run(layer, buildX(x), chip.array(), chip.quant()), zeroPointValue);
    }

    private void requireType(String what, TensorType got, TensorType expected) {
        if (got.elementType() != expected.elementType() || !got.shape().equals(expected.shape())) {
            throw new IllegalArgumentException("integer layer " + layer.name() + ": " + what + " tensor is " + got.text()
                    + ", expected " + expected.text());
        }
    }
}
