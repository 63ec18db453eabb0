package npukit.compiler.lower;

import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;

/**
 * A convolution or fully connected layer with its bias and activation, still in float: the unit the
 * fusion pass hands to quantization and code generation. As a matrix product it is
 * Y[m x n] = X[m x k] W[k x n] + bias, activation applied per element:
 *
 * <ul>
 *   <li>convolution (groups 1): X holds one im2col row per output pixel, batch-major then row-major
 *       (b, oy, ox); column index {@code (ci * KH + ky) * KW + kx}, the order of ONNX's weight tensor,
 *       so W[k][co] = weight[co][ci][ky][kx]; m = B * OH * OW, k = Cin * KH * KW, n = Cout;</li>
 *   <li>grouped convolution (G groups): as above over all Cin channels, W block-diagonal (W[k][co] = 0
 *       unless input channel and output channel co are in the same group);</li>
 *   <li>dense: X is the [B, K] input; m = B, k = K, n = N.</li>
 * </ul>
 *
 * @param name       name of the fused op (the first node's name)
 * @param nodes      names of the graph nodes it replaces, in order
 * @param input      the value X is built from (an NCHW image for a convolution, [B, K] for dense)
 * @param output     the value Y becomes (NCHW image for a convolution, [B, N] for dense)
 * @param conv       the convolution's geometry; empty for dense
 * @param weights    float weights as a k x n matrix (row-major, shape [k, n])
 * @param bias       float bias of n elements, if any
 * @param relu       whether a ReLU follows the product (and the residual, when there is one)
 * @param clip       a Clip with constant bounds after the product and ReLU, if any; {@code output} is
 *                   then the Clip's output
 * @param residual   a value of the product's shape added to it before the ReLU (a residual connection's
 *                   Add), if any; the NPU adds it in the accumulators ({@link NpuLayer#residual})
 * @param activation a one-input function after the product and ReLU (not after a clip), if any, applied
 *                   as a code table; {@code output} is then the function's output
 */
public record FusedLayer(String name, List<String> nodes, Value input, Value output, Optional<ConvGeometry> conv,
                         Tensor weights, Optional<Tensor> bias, boolean relu, Optional<FusedClip> clip,
                         Optional<Value> residual, Optional<FusedActivation> activation) {

    /** A layer without an activation. */
    public FusedLayer(String name, List<String> nodes, Value input, Value output, Optional<ConvGeometry> conv,
                      Tensor weights, Optional<Tensor> bias, boolean relu, Optional<FusedClip> clip,
                      Optional<Value> residual) {
        this(name, nodes, input, output, conv, weights, bias, relu, clip, residual, Optional.empty());
    }

    /** A layer without a clip. */
    public FusedLayer(String name, List<String> nodes, Value input, Value output, Optional<ConvGeometry> conv,
                      Tensor weights, Optional<Tensor> bias, boolean relu) {
        this(name, nodes, input, output, conv, weights, bias, relu, Optional.empty());
    }

    /** A layer without a residual. */
    public FusedLayer(String name, List<String> nodes, Value input, Value output, Optional<ConvGeometry> conv,
                      Tensor weights, Optional<Tensor> bias, boolean relu, Optional<FusedClip> clip) {
        this(name, nodes, input, output, conv, weights, bias, relu, clip, Optional.empty());
    }

    public FusedLayer {
        if (name == null || nodes == null || nodes.isEmpty() || input == null || output == null || conv == null
                || weights == null || bias == null || clip == null || residual == null || activation == null) {
            throw new IllegalArgumentException("fused layer " + name + ": every field is required");
        }
        nodes = List.copyOf(nodes);
        if (clip.isPresent() && !nodes.get(nodes.size() - 1).equals(clip.get().node())) {
            throw new IllegalArgumentException("fused layer " + name + ": its clip " + clip.get().node()
                    + " must be its last node, got " + nodes);
        }
        if (activation.isPresent()
                && (clip.isPresent() || !nodes.get(nodes.size() - 1).equals(activation.get().node()))) {
            throw new IllegalArgumentException("fused layer " + name + ": its activation " + activation.get().node()
                    + " must be its last node, with no clip, got " + nodes);
        }
        if (weights.shape().size() != 2) {
            throw new IllegalArgumentException("fused layer " + name + ": weights must be a k x n matrix, got "
                    + weights.shape());
        }
        int n = weights.shape().get(1);
        if (residual.isPresent() && (!residual.get().type().shape().equals(output.type().shape())
                || (conv.isPresent() && conv.get().groups() != 1))) {
            throw new IllegalArgumentException("fused layer " + name + ": its residual " + residual.get().ref()
                    + " must have the output's shape " + output.type().shape() + ", and the layer no groups");
        }
        bias.ifPresent(b -> {
            if (b.size() != n) {
                throw new IllegalArgumentException("fused layer " + name + ": bias has " + b.size()
                        + " elements, the layer has " + n + " outputs");
            }
        });
    }

    /** The layer with its clip left out: its output is the value the clip read. */
    public FusedLayer withoutClip() {
        if (clip.isEmpty()) {
            return this;
        }
        return new FusedLayer(name, nodes.subList(0, nodes.size() - 1), input, clip.get().input(), conv, weights, bias,
                relu, Optional.empty(), residual);
    }

    /** The layer's output before its activation: the value the quant unit encodes. */
    public Value beforeActivation() {
        return activation.map(FusedActivation::input).orElse(output);
    }

    /** Whether X is built by im2col from an image. */
    public boolean isConv() {
        return conv.isPresent();
    }

    /** Rows of X and Y for a batch of the input's batch size; a dense input's leading dimensions are all rows. */
    public int m() {
        if (isConv()) {
            ImageShape out = ImageShape.of(output.type());
            return out.n() * out.h() * out.w();
        }
        return input.type().elementCount() / k();
    }

    public int k() {
        return weights.shape().get(0);
    }

    public int n() {
        return weights.shape().get(1);
    }

    /** Groups of a grouped convolution (its weights block-diagonal, see {@link GroupBundles}); 1 otherwise. */
    public int groups() {
        return conv.map(ConvGeometry::groups).orElse(1);
    }

    /** Multiply-accumulates of one run: a grouped convolution's zero blocks are not products of the model. */
    public long macs() {
        return (long) m() * k() * n() / groups();
    }
}
