package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;

/**
 * QuantizeLinear and DequantizeLinear: one value through a scale and an optional zero point, per
 * tensor or per slice of {@code axis}. They differ only in direction and types.
 */
public sealed interface LinearQuantizationNode extends Node permits QuantizeLinear, DequantizeLinear {

    Value x();

    Value scale();

    Optional<Value> zeroPoint();

    Value y();

    int axis();

    @Override
    default List<Value> inputs() {
        return Check.withOptionals(List.of(x(), scale()), List.of(zeroPoint()));
    }

    @Override
    default List<Value> outputs() {
        return List.of(y());
    }

    @Override
    default String operandText() {
        return x().ref() + ", scale=" + scale().ref() + Check.optionalText("zero_point", zeroPoint());
    }

    /** True when the scale has one entry per slice of {@code axis}. */
    default boolean isPerAxis() {
        return Check.isPerAxis(scale());
    }

    @Override
    default String attributeText() {
        return isPerAxis() ? "axis=" + axis() : "";
    }
}
