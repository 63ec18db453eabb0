package npukit.compiler.ir;

/** How a {@link Reduce} node combines the elements along its axes; each is one ONNX operator. */
public enum ReduceFunction {
    SUM("ReduceSum"), MEAN("ReduceMean"), MAX("ReduceMax"), MIN("ReduceMin"), PROD("ReduceProd"),
    L1("ReduceL1"), L2("ReduceL2"), LOG_SUM("ReduceLogSum"), LOG_SUM_EXP("ReduceLogSumExp"), SUM_SQUARE("ReduceSumSquare");

    private final String opName;

    ReduceFunction(String opName) {
        this.opName = opName;
    }

    public String opName() {
        return opName;
    }

    /** The result of reducing nothing: the identity of the combination (ONNX's empty-set values). */
    public double empty() {
        return switch (this) {
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            case PROD -> 1;
            case LOG_SUM, LOG_SUM_EXP -> Double.NEGATIVE_INFINITY;
            default -> 0;
        };
    }

    /** Whether the function is exact on integers (sums, products, extremes) rather than defined through floats. */
    public boolean exactOnIntegers() {
        return this == SUM || this == MAX || this == MIN || this == PROD || this == SUM_SQUARE || this == L1;
    }
}
