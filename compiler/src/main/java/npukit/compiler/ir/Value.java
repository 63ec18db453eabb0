package npukit.compiler.ir;

/** A named edge of the graph: the tensor one node (or a graph input or initializer) defines. */
public record Value(String name, TensorType type) {

    public Value {
        if (name == null || name.isEmpty()) {
            throw new IrException("a value needs a non-empty name");
        }
        if (type == null) {
            throw new IrException("value " + name + " needs a type");
        }
    }

    /** {@code %name}. */
    public String ref() {
        return "%" + name;
    }

    /** {@code %name: f32[1,10]}. */
    public String text() {
        return ref() + ": " + type.text();
    }

    @Override
    public String toString() {
        return text();
    }
}
