package npukit.compiler.analysis;

import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Roofline;
import npukit.arch.config.RooflinePoint;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;

/**
 * Static figures of one layer on one chip: sizes, MACs and, for array layers, where the layer sits on
 * the chip's roofline at its minimum off-chip traffic. All byte counts use the chip's element sizes:
 * weights and activations at the operand width E ({@link #elementBytes(ChipConfig)}), biases at the
 * accumulator width, since the quant unit adds them to accumulators. docs/compiler.md, "Analysis",
 * gives the formulas.
 *
 * @param name         the layer's (fused op's or node's) name, not blank
 * @param op           what it computes, e.g. {@code conv+relu}, {@code dense}, {@code MaxPool}; not blank
 * @param kind         conv or dense on the array, or host
 * @param shape        the m x k x n product; present exactly for array layers
 * @param parameters   learned values: weights plus biases (float initializers for host nodes)
 * @param macs         multiply-accumulates on the array: m k n, 0 for host nodes
 * @param elementBytes bytes of one weight or activation, 1 or 2
 * @param inputBytes   the activation read once: the image, not its im2col expansion, unless the
 *                     expansion is smaller (a strided convolution whose windows skip pixels reads only
 *                     its m x k elements, so the image would overstate the least a schedule moves),
 *                     plus a fused residual as 4-byte accumulator words
 * @param outputBytes  the activation written once
 * @param weightBytes  k n E for array layers, 0 for host nodes
 * @param biasBytes    n x accumulator bytes when there is a bias, else 0
 * @param roofline     the chip's roofline
 */
public record LayerAnalysis(String name, String op, LayerKind kind, Optional<MatrixShape> shape, long parameters, long macs,
                            int elementBytes, long inputBytes, long outputBytes, long weightBytes, long biasBytes,
                            Roofline roofline) {

    public LayerAnalysis {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("layer name must not be blank, got '" + name + "'");
        }
        if (op == null || op.isBlank() || kind == null || shape == null || roofline == null) {
            throw new IllegalArgumentException("layer " + name + ": op, kind, shape and roofline are required");
        }
        if (shape.isPresent() == (kind == LayerKind.HOST)) {
            throw new IllegalArgumentException("layer " + name + " of kind " + kind.text()
                    + (kind == LayerKind.HOST ? " must not have" : " needs") + " an m x k x n shape");
        }
        long expectedMacs = shape.map(MatrixShape::macs).orElse(0L);
        if (macs != expectedMacs) {
            throw new IllegalArgumentException("layer " + name + " has " + macs + " MACs, its shape gives " + expectedMacs);
        }
        if (elementBytes != 1 && elementBytes != 2) {
            throw new IllegalArgumentException("layer " + name + ": element bytes must be 1 or 2, got " + elementBytes);
        }
        requireNonNegative(name, "parameters", parameters);
        requireNonNegative(name, "input bytes", inputBytes);
        requireNonNegative(name, "output bytes", outputBytes);
        requireNonNegative(name, "weight bytes", weightBytes);
        requireNonNegative(name, "bias bytes", biasBytes);
        if (kind != LayerKind.HOST && (inputBytes == 0 || outputBytes == 0 || weightBytes == 0)) {
            throw new IllegalArgumentException("array layer " + name + " needs input, output and weight bytes above 0, got "
                    + inputBytes + ", " + outputBytes + ", " + weightBytes);
        }
    }

    /** Operand bytes E: 1 for operands of 8 bits or fewer, else 2 (operands are at most 16 bits). */
    public static int elementBytes(ChipConfig chip) {
        return chip.array().operandBits() <= 8 ? 1 : 2;
    }

    /** Bytes of one bias: the accumulator width rounded up to whole bytes. */
    public static int biasElementBytes(ChipConfig chip) {
        return (chip.array().accumulatorBits() + 7) / 8;
    }

    /**
     * A fused conv or dense layer on the array; its input and output shapes must be static (batch bound).
     * A grouped convolution's shape is one group's k (Cin / G KH KW) by all n: its MACs and weights are the
     * model's, not the zero blocks of the block-diagonal matrix, so its ideal bound is what the layer
     * needs (with the whole k it came out up to G times too large, and its fraction of the bound above 1).
     */
    public static LayerAnalysis of(FusedLayer layer, ChipConfig chip) {
        requireStatic(layer.name(), layer.input());
        requireStatic(layer.name(), layer.output());
        MatrixShape shape = new MatrixShape(layer.m(), layer.k() / layer.groups(), layer.n());
        int e = elementBytes(chip);
        long weights = (long) shape.k() * shape.n();
        long biases = layer.bias().isPresent() ? shape.n() : 0;
        long input = Math.min(layer.input().type().elementCount(), (long) shape.m() * layer.k());
        // A residual is read as accumulator words (NpuLayer.residual).
        long residual = layer.residual().map(v -> 4L * v.type().elementCount()).orElse(0L);
        return new LayerAnalysis(layer.name(), (layer.isConv() ? "conv" : "dense")
                + (layer.residual().isPresent() ? "+residual" : "") + (layer.relu() ? "+relu" : "")
                + (layer.clip().isPresent() ? "+clip" : "") + layer.activation().map(a -> "+" + a.text()).orElse(""),
                layer.isConv() ? LayerKind.CONV : LayerKind.DENSE, Optional.of(shape), weights + biases, shape.macs(), e,
                input * e + residual, (long) layer.output().type().elementCount() * e,
                weights * e, biases * biasElementBytes(chip), Roofline.of(chip));
    }

    /**
     * A node the host runs. Float initializers it reads count as parameters (e.g. a batch norm's
     * statistics); integer initializers are shapes or indices, neither parameters nor activations;
     * every other input is an activation read once. Shapes must be static.
     */
    public static LayerAnalysis host(Graph graph, Node node, ChipConfig chip) {
        int e = elementBytes(chip);
        long parameters = 0;
        long in = 0;
        for (Value v : node.inputs()) {
            Tensor init = graph.initializers().get(v.name());
            if (init != null) {
                parameters += init.elementType() == ElementType.FLOAT ? init.size() : 0;
            } else {
                requireStatic(node.name(), v);
                in += (long) v.type().elementCount() * e;
            }
        }
        long out = 0;
        for (Value v : node.outputs()) {
            requireStatic(node.name(), v);
            out += (long) v.type().elementCount() * e;
        }
        return new LayerAnalysis(node.name(), node.op(), LayerKind.HOST, Optional.empty(), parameters, 0, e, in, out, 0, 0,
                Roofline.of(chip));
    }

    /** Weights and biases as stored. */
    public long parameterBytes() {
        return weightBytes + biasBytes;
    }

    /** Input plus output activation bytes. */
    public long activationBytes() {
        return inputBytes + outputBytes;
    }

    /** Every parameter and activation crossing the off-chip bus exactly once: no schedule moves less. */
    public long minHbmBytes() {
        return parameterBytes() + activationBytes();
    }

    /** The roofline figures of an array layer; empty for host nodes, which the array does not run. */
    public Optional<RooflinePoint> npuBound() {
        return kind == LayerKind.HOST ? Optional.empty() : Optional.of(roofline.place(macs, minHbmBytes()));
    }

    private static void requireStatic(String layer, Value v) {
        if (!v.type().isStatic()) {
            throw new IllegalArgumentException("layer " + layer + ": value " + v.text()
                    + " has unknown dimensions; bind the batch (BindInputShapes) before analysis");
        }
    }

    private static void requireNonNegative(String layer, String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("layer " + layer + ": " + what + " must be 0 or more, got " + value);
        }
    }
}
