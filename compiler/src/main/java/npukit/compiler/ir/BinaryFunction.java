package npukit.compiler.ir;

/**
 * What an {@link ElementwiseBinary} node computes on each broadcast pair of elements: the ONNX
 * operator, its attributes, the element types it takes and gives, and the function. Floating pairs are
 * computed in double (the interpreter rounds to the element type); integer ones exactly, wrapping in
 * the element type as ONNX Runtime's integer arithmetic does; division truncates toward zero.
 */
public enum BinaryFunction {
    ADD("Add"), SUB("Sub"), MUL("Mul"), DIV("Div"), POW("Pow"),
    /** The remainder with the sign of the divisor (Python's %), integers only. */
    MOD("Mod"),
    /** The remainder with the sign of the dividend (C's fmod). */
    FMOD("Mod"),
    MIN("Min"), MAX("Max"),
    /** {@code a < 0 ? slope * a : a}, the slope broadcast to a. */
    PRELU("PRelu"),
    EQUAL("Equal"), LESS("Less"), LESS_OR_EQUAL("LessOrEqual"), GREATER("Greater"), GREATER_OR_EQUAL("GreaterOrEqual"),
    AND("And"), OR("Or"), XOR("Xor"),
    BIT_SHIFT_LEFT("BitShift"), BIT_SHIFT_RIGHT("BitShift");

    private final String opName;

    BinaryFunction(String opName) {
        this.opName = opName;
    }

    public String opName() {
        return opName;
    }

    public String attributeText() {
        return switch (this) {
            case FMOD -> "fmod=1";
            case BIT_SHIFT_LEFT -> "direction=LEFT";
            case BIT_SHIFT_RIGHT -> "direction=RIGHT";
            default -> "";
        };
    }

    /** A comparison: BOOL results. */
    public boolean isComparison() {
        return this == EQUAL || this == LESS || this == LESS_OR_EQUAL || this == GREATER || this == GREATER_OR_EQUAL;
    }

    /** Whether operands of types {@code a} and {@code b} are defined; most functions need equal types. */
    public boolean accepts(ElementType a, ElementType b) {
        return switch (this) {
            case POW -> a != ElementType.BOOL && b != ElementType.BOOL;
            case AND, OR, XOR -> a == ElementType.BOOL && b == ElementType.BOOL;
            case EQUAL -> a == b;
            case MOD -> a == b && a.isNumericInteger();
            case BIT_SHIFT_LEFT, BIT_SHIFT_RIGHT -> a == b && (a == ElementType.UINT8 || a == ElementType.UINT16
                    || a == ElementType.UINT32);
            default -> a == b && a != ElementType.BOOL;
        };
    }

    /** The result's element type for a first operand of type {@code a}. */
    public ElementType resultType(ElementType a) {
        return isComparison() ? ElementType.BOOL : a;
    }

    /** The function on two floating (or mixed, for POW) elements. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case FMOD, MOD -> a % b;
            case MIN -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case MAX -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case PRELU -> a < 0 ? a * b : a;
            case EQUAL -> a == b ? 1 : 0;
            case LESS -> a < b ? 1 : 0;
            case LESS_OR_EQUAL -> a <= b ? 1 : 0;
            case GREATER -> a > b ? 1 : 0;
            case GREATER_OR_EQUAL -> a >= b ? 1 : 0;
            case AND, OR, XOR, BIT_SHIFT_LEFT, BIT_SHIFT_RIGHT -> throw new IllegalStateException(this + " has no floating form");
        };
    }

    /** The function on two integer elements of type {@code e}, the result wrapped into the result type. */
    public long applyExact(long a, long b, ElementType e) {
        long r = switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> {
                if (b == 0) {
                    throw new ArithmeticException("integer division by zero");
                }
                yield a / b;
            }
            case POW -> power(a, b);
            case MOD -> Math.floorMod(a, b);
            case FMOD -> a % b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case PRELU -> a < 0 ? a * b : a;
            case EQUAL -> a == b ? 1 : 0;
            case LESS -> a < b ? 1 : 0;
            case LESS_OR_EQUAL -> a <= b ? 1 : 0;
            case GREATER -> a > b ? 1 : 0;
            case GREATER_OR_EQUAL -> a >= b ? 1 : 0;
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case BIT_SHIFT_LEFT -> b >= 64 ? 0 : a << b;
            case BIT_SHIFT_RIGHT -> b >= 64 ? 0 : a >>> b;
        };
        return resultType(e).wrap(r);
    }

    /** Integer power by repeated squaring (wrapping); a negative exponent gives 0 except for bases 1 and -1. */
    private static long power(long base, long exponent) {
        if (exponent < 0) {
            return base == 1 ? 1 : base == -1 ? (exponent % 2 == 0 ? 1 : -1) : 0;
        }
        long result = 1;
        long b = base;
        for (long e = exponent; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
        }
        return result;
    }
}
