package npukit.compiler.lower;

import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.QuantConfig;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * A channel gate on the NPU: {@code y = x * g} with x an [N, C, H, W] activation and g an [N, C, 1, 1] (or
 * [1, C, 1, 1]) one, as a squeeze-and-excitation block scales a convolution's output by its sigmoid
 * gate. Per image and bundle of D channels (D = min(C, array rows, array columns)) it is one
 * {@link DynamicProduct} run: X is the bundle's channels pixel by pixel (H W x D) and the weights diag(g)
 * (D x D), so each output column is one channel times its gate; a last bundle narrower than D is padded
 * with zero channels. It is a depthwise 1x1 convolution whose weights the host writes at run time.
 *
 * @param node     the Mul
 * @param x        the image operand
 * @param g        the gate operand
 * @param images   N
 * @param channels C
 * @param pixels   H W
 * @param width    D, the channels of one bundle
 * @param maxCode  the largest code magnitude
 * @param quant    the chip's quantization settings (its rounding mode and seed encode the operands)
 */
public record ChannelGate(ElementwiseBinary node, Value x, Value g, int images, int channels, int pixels, int width,
                          int maxCode, QuantConfig quant) implements DynamicProduct {

    public ChannelGate {
        if (node == null || x == null || g == null || quant == null || images < 1 || channels < 1 || pixels < 1
                || width < 1 || width > channels || maxCode < 1) {
            throw new IllegalArgumentException("channel gate: node, operands, " + images + " x " + channels + " x "
                    + pixels + " in bundles of " + width + " and max code " + maxCode + " must be given and positive");
        }
    }

    /**
     * Why this node cannot be a channel gate, or empty if it can: a float Mul of an [N, C, H, W] value by an
     * [N, C, 1, 1] or [1, C, 1, 1] one (either order), static shapes, the output of x's shape.
     */
    public static Optional<String> refusal(ElementwiseBinary node) {
        if (node.function() != BinaryFunction.MUL) {
            return Optional.of("not a Mul");
        }
        Optional<Value[]> operands = operands(node);
        if (operands.isEmpty()) {
            return Optional.of("not an [N, C, H, W] activation times an [N, C, 1, 1] gate of static float shapes");
        }
        return Optional.empty();
    }

    /** {x, g} of a gate, x the operand of the output's shape; empty when the shapes are not a gate's. */
    private static Optional<Value[]> operands(ElementwiseBinary node) {
        TensorType y = node.y().type();
        for (Value[] xg : new Value[][] {{node.a(), node.b()}, {node.b(), node.a()}}) {
            TensorType x = xg[0].type();
            TensorType g = xg[1].type();
            if (!x.isStatic() || !g.isStatic() || !y.isStatic() || !x.elementType().isFloating()
                    || !g.elementType().isFloating() || x.rank() != 4 || g.rank() != 4
                    || !y.shape().equals(x.shape())) {
                continue;
            }
            if ((g.dim(0) == 1 || g.dim(0) == x.dim(0)) && g.dim(1) == x.dim(1) && g.dim(2) == 1 && g.dim(3) == 1) {
                return Optional.of(xg);
            }
        }
        return Optional.empty();
    }

    /**
     * The gate of {@code node} on {@code chip}.
     *
     * @throws IntegerLoweringException if it is not a gate ({@link #refusal}) or the accumulators cannot
     *                                  hold even 1-bit products
     */
    public static ChannelGate lower(ElementwiseBinary node, ChipConfig chip) {
        Optional<Value[]> xg = operands(node);
        if (xg.isEmpty()) {
            throw new IntegerLoweringException(node.op() + " " + node.name() + ": " + refusal(node).orElseThrow());
        }
        List<Integer> shape = xg.get()[0].type().shape();
        int channels = shape.get(1);
        int width = Math.min(channels, Math.min(chip.array().rows(), chip.array().cols()));
        int maxCode = DynamicProduct.maxCode(node.op() + " " + node.name(), width, chip);
        return new ChannelGate(node, xg.get()[0], xg.get()[1], shape.get(0), channels, shape.get(2) * shape.get(3), width,
                maxCode, chip.quant());
    }

    @Override
    public Value a() {
        return x;
    }

    @Override
    public Value b() {
        return g;
    }

    @Override
    public Value y() {
        return node.y();
    }

    /** Bundles of D channels per image. */
    public int bundles() {
        return (channels + width - 1) / width;
    }

    /** One run per image and bundle. */
    @Override
    public int runs() {
        return images * bundles();
    }

    /** A run's rows are the image's pixels. */
    @Override
    public int m() {
        return pixels;
    }

    /** A run reads the D channels of its bundle. */
    @Override
    public int k() {
        return width;
    }

    /** A run writes the D channels of its bundle. */
    @Override
    public int n() {
        return width;
    }

    /**
     * Run {@code index} (image index / bundles, bundle index % bundles): X the bundle's channels of the image,
     * H W x D row-major (a pixel's D channels in a row), and the weights diag of their gates, D x D.
     */
    @Override
    public Pair pair(double[] xValues, double[] gValues, int index) {
        int image = index / bundles();
        int c0 = (index % bundles()) * width;
        int valid = Math.min(width, channels - c0);
        double[] rows = new double[pixels * width];
        double[] gates = new double[valid];
        int gImage = g.type().dim(0) == 1 ? 0 : image;
        for (int j = 0; j < valid; j++) {
            int plane = (image * channels + c0 + j) * pixels;
            for (int p = 0; p < pixels; p++) {
                rows[p * width + j] = xValues[plane + p];
            }
            gates[j] = gValues[gImage * channels + c0 + j];
        }
        Codes xc = Codes.of(rows, maxCode, quant);
        Codes gc = Codes.of(gates, maxCode, quant);
        int[] diagonal = new int[width * width];
        for (int j = 0; j < valid; j++) {
            diagonal[j * width + j] = gc.codes()[j];
        }
        return new Pair(xc.codes(), diagonal, xc.scale() * gc.scale());
    }

    /** y, NCHW, from each run's accumulators (H W x D row-major) and scale; padded channels dropped. */
    @Override
    public Tensor output(List<int[]> accumulators, List<Double> scales) {
        if (accumulators.size() != runs() || scales.size() != runs()) {
            throw new IllegalArgumentException("channel gate " + node.name() + ": " + accumulators.size() + " results and "
                    + scales.size() + " scales for " + runs() + " runs");
        }
        double[] y = new double[images * channels * pixels];
        for (int run = 0; run < runs(); run++) {
            int image = run / bundles();
            int c0 = (run % bundles()) * width;
            int valid = Math.min(width, channels - c0);
            int[] acc = accumulators.get(run);
            double s = scales.get(run);
            for (int j = 0; j < valid; j++) {
                int plane = (image * channels + c0 + j) * pixels;
                for (int p = 0; p < pixels; p++) {
                    y[plane + p] = acc[p * width + j] * s;
                }
            }
        }
        return Tensor.fromDoubles(node.y().type(), y);
    }
}
