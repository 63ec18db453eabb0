package npukit.compiler.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.DefaultNodeVisitor;
import npukit.compiler.ir.DepthToSpace;
import npukit.compiler.ir.Flatten;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.NodeVisitor;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Resize;
import npukit.compiler.ir.Slice;
import npukit.compiler.ir.Transpose;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.HostStep;
import npukit.compiler.quant.ActivationCodec;

/**
 * Runs a host step's nodes with the reference interpreter. Data movement and max pooling on affine
 * codes (whose real value increases with the code) commute with decoding, so they run on the codes and
 * keep the codec; every other node gets real values.
 */
public final class HostExecutor {

    /** Max pooling, the pure reshapes and transposes and slices: their result on codes is the codes of their result. */
    private static final NodeVisitor<Boolean> CODE_PRESERVING = new DefaultNodeVisitor<>() {
        @Override
        protected Boolean otherwise(Node n) {
            return false;
        }

        @Override
        public Boolean visit(MaxPool n) {
            return true;
        }

        @Override
        public Boolean visit(Reshape n) {
            return true;
        }

        @Override
        public Boolean visit(Flatten n) {
            return true;
        }

        @Override
        public Boolean visit(Transpose n) {
            return true;
        }

        @Override
        public Boolean visit(DepthToSpace n) {
            return true;
        }

        @Override
        public Boolean visit(Slice n) {
            return true;
        }

        /** Nearest sampling copies input elements, except where crop-and-resize extrapolates a constant. */
        @Override
        public Boolean visit(Resize n) {
            return n.method().mode() == Resize.Mode.NEAREST
                    && n.method().transform() != Resize.CoordinateTransform.TF_CROP_AND_RESIZE;
        }
    };

    private final Graph graph;

    public HostExecutor(Graph graph) {
        this.graph = graph;
    }

    /** Whether the node's result on codes is the codes of its result on reals (for an affine codec). */
    static boolean preservesCodes(Node node) {
        return node.accept(CODE_PRESERVING);
    }

    public void run(HostStep step, Map<String, Carried> values) {
        for (Node n : step.nodes()) {
            run(n, values);
        }
    }

    private void run(Node node, Map<String, Carried> values) {
        List<Value> inputs = new ArrayList<>();
        Map<String, Tensor> feeds = new HashMap<>();
        Map<String, Tensor> inits = new HashMap<>();
        Optional<ActivationCodec> codec = sharedAffineCodec(node, values);
        for (Value v : node.inputs()) {
            Tensor init = graph.initializers().get(v.name());
            if (feeds.containsKey(v.name())) {
                continue;
            }
            if (init != null) {
                inits.put(v.name(), init);
                continue;
            }
            Carried c = values.get(v.name());
            if (c == null) {
                throw new IllegalStateException("host node " + node.name() + " reads " + v.ref() + " before it is computed");
            }
            inputs.add(v);
            feeds.put(v.name(), codec.isPresent() ? c.data() : c.realTensor());
        }
        Graph one = new Graph(graph.name() + ":" + node.name(), inputs, inits, List.of(node), node.outputs());
        Map<String, Tensor> out = Interpreter.run(one, feeds);
        for (Value v : node.outputs()) {
            Tensor t = out.get(v.name());
            values.put(v.name(), codec.map(cd -> Carried.codes(t, cd)).orElseGet(() -> Carried.reals(t)));
        }
    }

    /** The codec every varying input carries, when the node may run on codes. */
    private Optional<ActivationCodec> sharedAffineCodec(Node node, Map<String, Carried> values) {
        if (!preservesCodes(node)) {
            return Optional.empty();
        }
        Optional<ActivationCodec> shared = Optional.empty();
        for (Value v : node.inputs()) {
            if (graph.initializers().containsKey(v.name())) {
                continue;
            }
            Carried c = values.get(v.name());
            if (c == null || c.codec().isEmpty() || c.codec().get().kind() != ActivationCodec.Kind.AFFINE
                    || (shared.isPresent() && !shared.equals(c.codec()))) {
                return Optional.empty();
            }
            shared = c.codec();
        }
        return shared;
    }
}
