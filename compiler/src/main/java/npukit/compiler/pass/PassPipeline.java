package npukit.compiler.pass;

import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.Graph;

/**
 * A fixed list of rules applied in a fixed order until none matches: each round tries the rules in
 * order and restarts from the first after any change, so earlier rules take priority. Deterministic:
 * the same graph always gives the same result.
 */
public final class PassPipeline {

    /** More rewrites than this means a rule keeps undoing another: a bug, not a big graph. */
    private static final int MAX_STEPS = 100_000;

    private final List<RewriteRule> rules;

    public PassPipeline(List<RewriteRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * The standard pipeline: constant folding, BatchNorm and per-channel scales folded into convolutions,
     * a HardSigmoid after a convolution as a Clip, a spelled-out HardSwish as one node, x + x g as one gate
     * x (1 + g), average pools as
     * depthwise convolutions and global ones as matrix products, bias and BatchNorm folded into transposed
     * convolutions and those as a convolution, a DepthToSpace and a crop, ReLU moved before MaxPool,
     * DepthToSpace and Slice (so it fuses into the convolution), dead-node elimination.
     */
    public static PassPipeline standard() {
        return new PassPipeline(List.of(new ConstantFolding(), new FoldBatchNormIntoConv(), new FoldScaleIntoConv(),
                new HardSigmoidAsClip(), new HardSwishPattern(), new GatedResidualAsGate(), new AveragePoolAsConv(), new GlobalAveragePoolAsMatMul(),
                new FoldIntoConvTranspose(), new ConvTransposeAsConv(), new ReluBeforeMaxPool(),
                new ReluBeforeMovement(), new DeadNodeElimination()));
    }

    public List<RewriteRule> rules() {
        return rules;
    }

    /** Rewrites {@code graph} to a fixpoint of the rules. */
    public Graph run(Graph graph) {
        Graph g = graph;
        for (int step = 0; ; step++) {
            if (step > MAX_STEPS) {
                throw new IllegalStateException("pass pipeline on graph " + graph.name() + " did not reach a fixpoint");
            }
            Optional<Graph> next = Optional.empty();
            for (RewriteRule rule : rules) {
                next = rule.apply(g);
                if (next.isPresent()) {
                    break;
                }
            }
            if (next.isEmpty()) {
                return g;
            }
            g = next.get();
        }
    }
}
