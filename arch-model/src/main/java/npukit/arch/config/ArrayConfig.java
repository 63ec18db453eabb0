package npukit.arch.config;

/**
 * The systolic array.
 *
 * @param rows            PE rows, 1..1024
 * @param cols            PE columns, 1..1024
 * @param dataflow        which operand stays in the PEs
 * @param operandBits     width of weights and activations entering the array, 2..16
 * @param accumulatorBits width of partial sums, 8..32 and at least twice operandBits
 * @param pe              multiplier or shifter PEs
 */
public record ArrayConfig(int rows, int cols, Dataflow dataflow, int operandBits, int accumulatorBits, PeType pe) {

    public ArrayConfig {
        ConfigException.requireRange("rows", rows, 1, 1024);
        ConfigException.requireRange("cols", cols, 1, 1024);
        ConfigException.requireNonNull("dataflow", dataflow);
        ConfigException.requireRange("operand-bits", operandBits, 2, 16);
        ConfigException.requireRange("accumulator-bits", accumulatorBits, 8, 32);
        if (accumulatorBits < 2 * operandBits) {
            throw new ConfigException("accumulator-bits", accumulatorBits,
                    "must be at least 2 x operand-bits = " + (2 * operandBits)
                            + ", since a single product of two operands already needs that many bits");
        }
        ConfigException.requireNonNull("pe", pe);
    }

    public int peCount() {
        return rows * cols;
    }

    /** Rows by columns, e.g. {@code 16x16}. */
    public String shape() {
        return rows + "x" + cols;
    }
}
