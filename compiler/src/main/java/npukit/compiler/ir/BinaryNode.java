package npukit.compiler.ir;

import java.util.List;

/** A node that reads two values {@code a}, {@code b} and defines {@code y}, with no attributes. */
public sealed interface BinaryNode extends Node permits Add, MatMul {

    Value a();

    Value b();

    Value y();

    @Override
    default List<Value> inputs() {
        return List.of(a(), b());
    }

    @Override
    default List<Value> outputs() {
        return List.of(y());
    }

    @Override
    default String operandText() {
        return a().ref() + ", " + b().ref();
    }

    @Override
    default String attributeText() {
        return "";
    }
}
