package npukit.compiler.pass;

import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/** A constant operand that broadcasts over an NCHW image one value per channel, or one for all. */
final class ChannelConstant {

    private ChannelConstant() {
    }

    /**
     * The value of {@code constant} for each of the image's channels (axis 1): when it is a float
     * initializer every dimension of which, aligned to the image's from the right, is 1 except, optionally,
     * the one on the channel axis, which then equals the channel count (so it does not enlarge the image).
     */
    static Optional<double[]> of(Graph graph, Value constant, TensorType image) {
        Tensor t = graph.initializers().get(constant.name());
        int channels = image.rank() == 4 ? image.dim(1) : TensorType.UNKNOWN;
        if (t == null || t.elementType() != ElementType.FLOAT || channels == TensorType.UNKNOWN) {
            return Optional.empty();
        }
        List<Integer> shape = constant.type().shape();
        int offset = image.rank() - shape.size();
        if (offset < 0) {
            return Optional.empty();
        }
        boolean perChannel = false;
        for (int d = 0; d < shape.size(); d++) {
            if (shape.get(d) == 1) {
                continue;
            }
            if (d + offset != 1 || shape.get(d) != channels) {
                return Optional.empty();
            }
            perChannel = true;
        }
        double[] values = t.toDoubles();
        double[] byChannel = new double[channels];
        for (int o = 0; o < channels; o++) {
            byChannel[o] = values[perChannel ? o : 0];
        }
        return Optional.of(byChannel);
    }
}
