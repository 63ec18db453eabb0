package npukit.compiler.pass;

import java.util.Optional;
import npukit.compiler.ir.Graph;

/** One small graph rewrite: the rewritten graph when the rule's pattern occurs, otherwise empty. */
public interface RewriteRule {

    /** A short name for reports and tests. */
    String name();

    /**
     * Applies the rule once (at the first match in node order, or to every match at once, as the rule
     * says); empty when nothing matches. A rule that returns a graph must have changed it.
     */
    Optional<Graph> apply(Graph graph);
}
