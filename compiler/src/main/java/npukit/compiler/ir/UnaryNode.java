package npukit.compiler.ir;

import java.util.List;

/**
 * A node that reads one value {@code x} and defines one value {@code y}: the element-wise
 * activations, pools, softmaxes and reshapes share this plumbing and differ only in their
 * attributes and shape rules.
 */
public sealed interface UnaryNode extends Node
        permits AveragePool, Flatten, GlobalAveragePool, LeakyRelu, LogSoftmax, MaxPool, Relu, Softmax, Transpose {

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
