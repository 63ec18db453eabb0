package npukit.compiler.ir;

import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * What an {@link ElementwiseUnary} node computes on each element: the ONNX operator's name, its
 * attributes, the element types it takes and its result type, and the function itself. Floating
 * elements are computed in double (the interpreter rounds to the element type); integer ones exactly.
 * Operators without attributes are the constants of {@link Plain}; those with attributes are records.
 */
public sealed interface UnaryFunction permits UnaryFunction.Plain, UnaryFunction.LeakyRelu, UnaryFunction.HardSigmoid,
        UnaryFunction.Elu, UnaryFunction.Selu, UnaryFunction.Celu, UnaryFunction.ThresholdedRelu, UnaryFunction.Shrink,
        UnaryFunction.Gelu, UnaryFunction.IsInf {

    /** The ONNX operator, e.g. {@code Sigmoid}. */
    String opName();

    /** The attributes as the canonical text writes them; empty when there are none. */
    default String attributeText() {
        return "";
    }

    /** Whether elements of type {@code e} are defined for this function. */
    default boolean accepts(ElementType e) {
        return e.isFloating();
    }

    /** The element type of the result for an input of type {@code e}. */
    default ElementType resultType(ElementType e) {
        return e;
    }

    /** The function on a floating element. */
    double apply(double x);

    /** The function on an integer element of type {@code e}, exactly (only for accepted integer types). */
    default long applyExact(long x, ElementType e) {
        throw new IllegalStateException(opName() + " has no integer form");
    }

    /** The attribute-free functions. */
    enum Plain implements UnaryFunction {
        ABS("Abs", Math::abs, Math::abs), NEG("Neg", x -> -x, x -> -x),
        SIGN("Sign", Math::signum, Long::signum), RELU("Relu", x -> x < 0 ? 0 : x, x -> Math.max(x, 0)),
        SQRT("Sqrt", Math::sqrt), EXP("Exp", Math::exp), LOG("Log", Math::log), RECIPROCAL("Reciprocal", x -> 1 / x),
        ERF("Erf", Erf::erf), TANH("Tanh", Math::tanh), SIGMOID("Sigmoid", x -> 1 / (1 + Math.exp(-x))),
        HARD_SWISH("HardSwish", x -> x * Math.max(0, Math.min(1, x / 6 + 0.5))),
        SOFTSIGN("Softsign", x -> x / (1 + Math.abs(x))),
        SOFTPLUS("Softplus", x -> x > 30 ? x : Math.log1p(Math.exp(x))),
        MISH("Mish", x -> x * Math.tanh(x > 30 ? x : Math.log1p(Math.exp(x)))),
        SIN("Sin", Math::sin), COS("Cos", Math::cos), TAN("Tan", Math::tan), ASIN("Asin", Math::asin),
        ACOS("Acos", Math::acos), ATAN("Atan", Math::atan), SINH("Sinh", Math::sinh), COSH("Cosh", Math::cosh),
        ASINH("Asinh", x -> Math.log(x + Math.sqrt(x * x + 1))), ACOSH("Acosh", x -> Math.log(x + Math.sqrt(x * x - 1))),
        ATANH("Atanh", x -> 0.5 * Math.log((1 + x) / (1 - x))),
        CEIL("Ceil", Math::ceil), FLOOR("Floor", Math::floor), ROUND("Round", Math::rint),
        NOT("Not", null, x -> 1 - x), IS_NAN("IsNaN", null, null);

        private final String opName;
        private final DoubleUnaryOperator onFloat;
        private final LongUnaryOperator onInteger;

        Plain(String opName, DoubleUnaryOperator onFloat) {
            this(opName, onFloat, null);
        }

        Plain(String opName, DoubleUnaryOperator onFloat, LongUnaryOperator onInteger) {
            this.opName = opName;
            this.onFloat = onFloat;
            this.onInteger = onInteger;
        }

        @Override
        public String opName() {
            return opName;
        }

        @Override
        public boolean accepts(ElementType e) {
            return switch (this) {
                case NOT -> e == ElementType.BOOL;
                case IS_NAN -> e.isFloating();
                case ABS, NEG, SIGN, RELU -> e != ElementType.BOOL;
                default -> e.isFloating();
            };
        }

        @Override
        public ElementType resultType(ElementType e) {
            return this == IS_NAN ? ElementType.BOOL : e;
        }

        @Override
        public double apply(double x) {
            return this == IS_NAN ? (Double.isNaN(x) ? 1 : 0) : onFloat.applyAsDouble(x);
        }

        @Override
        public long applyExact(long x, ElementType e) {
            return e.wrap(onInteger.applyAsLong(x));
        }
    }

    /** {@code x >= 0 ? x : alpha * x}. */
    record LeakyRelu(float alpha) implements UnaryFunction {
        @Override
        public String opName() {
            return "LeakyRelu";
        }

        @Override
        public String attributeText() {
            return "alpha=" + alpha;
        }

        @Override
        public double apply(double x) {
            return x >= 0 ? x : alpha * x;
        }
    }

    /** {@code max(0, min(1, alpha * x + beta))}. */
    record HardSigmoid(float alpha, float beta) implements UnaryFunction {
        @Override
        public String opName() {
            return "HardSigmoid";
        }

        @Override
        public String attributeText() {
            return "alpha=" + alpha + " beta=" + beta;
        }

        @Override
        public double apply(double x) {
            return Math.max(0, Math.min(1, alpha * x + beta));
        }
    }

    /** {@code x >= 0 ? x : alpha * (exp(x) - 1)}. */
    record Elu(float alpha) implements UnaryFunction {
        @Override
        public String opName() {
            return "Elu";
        }

        @Override
        public String attributeText() {
            return "alpha=" + alpha;
        }

        @Override
        public double apply(double x) {
            return x >= 0 ? x : alpha * Math.expm1(x);
        }
    }

    /** {@code gamma * (x > 0 ? x : alpha * (exp(x) - 1))}. */
    record Selu(float alpha, float gamma) implements UnaryFunction {
        @Override
        public String opName() {
            return "Selu";
        }

        @Override
        public String attributeText() {
            return "alpha=" + alpha + " gamma=" + gamma;
        }

        @Override
        public double apply(double x) {
            return gamma * (x > 0 ? x : alpha * Math.expm1(x));
        }
    }

    /** {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}. */
    record Celu(float alpha) implements UnaryFunction {
        @Override
        public String opName() {
            return "Celu";
        }

        @Override
        public String attributeText() {
            return "alpha=" + alpha;
        }

        @Override
        public double apply(double x) {
            return Math.max(0, x) + Math.min(0, alpha * Math.expm1(x / alpha));
        }
    }

    /** {@code x > alpha ? x : 0}. */
    record ThresholdedRelu(float alpha) implements UnaryFunction {
        @Override
        public String opName() {
            return "ThresholdedRelu";
        }

        @Override
        public String attributeText() {
            return "alpha=" + alpha;
        }

        @Override
        public double apply(double x) {
            return x > alpha ? x : 0;
        }
    }

    /** {@code x < -lambd ? x + bias : x > lambd ? x - bias : 0}, also on integers. */
    record Shrink(float bias, float lambd) implements UnaryFunction {
        @Override
        public String opName() {
            return "Shrink";
        }

        @Override
        public String attributeText() {
            return "bias=" + bias + " lambd=" + lambd;
        }

        @Override
        public boolean accepts(ElementType e) {
            return e != ElementType.BOOL;
        }

        @Override
        public double apply(double x) {
            return x < -lambd ? x + bias : x > lambd ? x - bias : 0;
        }

        @Override
        public long applyExact(long x, ElementType e) {
            return e.wrap((long) apply(x));
        }
    }

    /** {@code x * Phi(x)}: exact with erf, or the tanh approximation. */
    record Gelu(boolean tanh) implements UnaryFunction {
        private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

        @Override
        public String opName() {
            return "Gelu";
        }

        @Override
        public String attributeText() {
            return "approximate=" + (tanh ? "tanh" : "none");
        }

        @Override
        public double apply(double x) {
            return tanh ? 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)))
                    : 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
        }
    }

    /** True for infinities of the detected signs. */
    record IsInf(boolean detectNegative, boolean detectPositive) implements UnaryFunction {
        @Override
        public String opName() {
            return "IsInf";
        }

        @Override
        public String attributeText() {
            return "detect_negative=" + detectNegative + " detect_positive=" + detectPositive;
        }

        @Override
        public ElementType resultType(ElementType e) {
            return ElementType.BOOL;
        }

        @Override
        public double apply(double x) {
            return (detectNegative && x == Double.NEGATIVE_INFINITY) || (detectPositive && x == Double.POSITIVE_INFINITY) ? 1 : 0;
        }
    }
}
