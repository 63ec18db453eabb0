package npukit.compiler.pass;

import java.util.HashSet;
import java.util.Set;
import npukit.compiler.ir.Graph;

/**
 * Names a rewrite can give new values and nodes without colliding: every name a graph's inputs,
 * initializers, node outputs and nodes already use is taken, and so is each name handed out.
 */
final class FreshNames {

    private final Set<String> taken = new HashSet<>();

    FreshNames(Graph graph) {
        taken.addAll(graph.initializers().keySet());
        graph.inputs().forEach(v -> taken.add(v.name()));
        graph.nodes().forEach(n -> {
            taken.add(n.name());
            n.outputs().forEach(v -> taken.add(v.name()));
        });
    }

    /** {@code base}, or {@code base.N} for the least N >= 1 not taken; the name is taken from then on. */
    String take(String base) {
        String name = base;
        for (int k = 1; taken.contains(name); k++) {
            name = base + "." + k;
        }
        taken.add(name);
        return name;
    }
}
