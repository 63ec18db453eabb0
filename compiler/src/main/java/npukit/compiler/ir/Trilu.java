package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The upper (or lower) triangle of the last two axes of {@code x}: elements with column - row >= k
 * (upper) or <= k (lower) kept, the others zero; {@code k} an INT64 scalar, default 0.
 */
public record Trilu(String name, Value x, Optional<Value> k, Value y, boolean upper) implements Node {

    public Trilu {
        Check.name("Trilu", name);
        Check.present("Trilu", name, "x", x);
        Check.minRank("Trilu", name, "x", x, 2);
        Check.optional("Trilu", name, "k", k);
        k.ifPresent(v -> {
            Check.elementType("Trilu", name, "k", v, ElementType.INT64);
            Check.scalar("Trilu", name, "k", v);
        });
        Check.output("Trilu", name, y, x.type());
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x), List.of(k));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + Check.optionalText("k", k);
    }

    @Override
    public String attributeText() {
        return "upper=" + upper;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Trilu(name, replace.apply(x), k.map(replace), replace.apply(y), upper);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
