package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code x} repeated along each axis the number of times the integer vector {@code repeats} gives. */
public record Tile(String name, Value x, Value repeats, Value y) implements Node {

    public Tile {
        Check.name("Tile", name);
        Check.present("Tile", name, "x", x);
        Check.indexVector("Tile", name, "repeats", repeats);
        Check.output("Tile", name, y, Check.unknownShape(x.type().elementType(), x.type().rank()));
    }

    /** The output type for known repeats. */
    public static TensorType infer(String name, Value x, long[] repeats) {
        if (repeats.length != x.type().rank()) {
            throw IrException.at("Tile", name, "repeats has " + repeats.length + " entries for " + x.text());
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < repeats.length; i++) {
            if (repeats[i] < 0) {
                throw IrException.at("Tile", name, "repeat " + repeats[i] + " is negative");
            }
            int d = x.type().dim(i);
            out.add(d == TensorType.UNKNOWN ? d : Math.toIntExact(d * repeats[i]));
        }
        return x.type().withShape(out);
    }

    @Override
    public List<Value> inputs() {
        return List.of(x, repeats);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", repeats=" + repeats.ref();
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Tile(name, replace.apply(x), replace.apply(repeats), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
