package npukit.compiler.ir;

import java.util.List;

/**
 * A node that reads one value {@code x} and defines one value {@code y}: the pools, softmaxes,
 * reshapes and type queries share this plumbing and differ only in their attributes and shape rules.
 */
public sealed interface UnaryNode extends Node
        permits AveragePool, Flatten, GlobalAveragePool, LogSoftmax, MaxPool, Softmax, Transpose, Identity, Cast, Shape, Size,
        DepthToSpace, SpaceToDepth {

    Value x();

    Value y();

    @Override
    default List<Value> inputs() {
        return List.of(x());
    }

    @Override
    default List<Value> outputs() {
        return List.of(y());
    }

    @Override
    default String operandText() {
        return x().ref();
    }
}
