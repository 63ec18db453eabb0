package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Permutes the axes: output axis {@code i} is input axis {@code perm[i]}. */
public record Transpose(String name, Value x, Value y, List<Integer> perm) implements UnaryNode {

    public Transpose {
        Check.name("Transpose", name);
        Check.present("Transpose", name, "x", x);
        perm = List.copyOf(perm);
        Check.output("Transpose", name, y, infer(name, x, perm));
    }

    public static TensorType infer(String name, Value x, List<Integer> perm) {
        int rank = x.type().rank();
        if (perm.size() != rank || !perm.stream().sorted().toList().equals(java.util.stream.IntStream.range(0, rank).boxed().toList())) {
            throw IrException.at("Transpose", name, "perm " + perm + " is not a permutation of the axes of " + x.text());
        }
        List<Integer> out = new ArrayList<>();
        perm.forEach(p -> out.add(x.type().dim(p)));
        return TensorType.of(x.type().elementType()).withShape(out);
    }

    @Override
    public String attributeText() {
        return "perm=" + perm.toString().replace(" ", "");
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Transpose(name, replace.apply(x), replace.apply(y), perm);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
