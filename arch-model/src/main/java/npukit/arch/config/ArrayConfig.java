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
 * @param weightBuffers   stationary-operand registers per PE, 1 or 2 (microarchitecture.md, "Compute
 *                        unit"): with 2 a WS or IS GEMM preloads the next stationary tile while the
 *                        previous one drains, as Gemmini's and the TPU's weight double-buffering does;
 *                        an output-stationary array has no stationary operand, so there it changes
 *                        nothing (a sweep may vary the dataflow of a double-buffered chip)
 * @param lookupTable     whether the vector ALU has a lookup table of 2^W entries (isa.md, "VALU": TABLE
 *                        and LUT), which maps each scratchpad code to another, e.g. an activation
 *                        function of the layer's output; only for operand-bits <= 8
 */
public record ArrayConfig(int rows, int cols, Dataflow dataflow, int operandBits, int accumulatorBits, PeType pe,
        int weightBuffers, boolean lookupTable) {

    /** Stationary-operand registers per PE when a config does not say: one. */
    public static final int DEFAULT_WEIGHT_BUFFERS = 1;
    /** The widest operand a lookup table serves: its 2^W entries are registers beside the vector ALU. */
    public static final int MAX_LOOKUP_BITS = 8;

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
        ConfigException.requireRange("weight-buffers", weightBuffers, 1, 2);
        if (lookupTable && operandBits > MAX_LOOKUP_BITS) {
            throw new ConfigException("lookup-table", true, "needs operand-bits <= " + MAX_LOOKUP_BITS
                    + " (a table of 2^operand-bits entries), but operand-bits = " + operandBits);
        }
    }

    /** An array with {@code weightBuffers} stationary-operand registers per PE and no lookup table. */
    public ArrayConfig(int rows, int cols, Dataflow dataflow, int operandBits, int accumulatorBits, PeType pe,
            int weightBuffers) {
        this(rows, cols, dataflow, operandBits, accumulatorBits, pe, weightBuffers, false);
    }

    /** An array with one register per PE for the stationary operand. */
    public ArrayConfig(int rows, int cols, Dataflow dataflow, int operandBits, int accumulatorBits, PeType pe) {
        this(rows, cols, dataflow, operandBits, accumulatorBits, pe, DEFAULT_WEIGHT_BUFFERS);
    }

    /** The same array with {@code buffers} stationary-operand registers per PE. */
    public ArrayConfig withWeightBuffers(int buffers) {
        return new ArrayConfig(rows, cols, dataflow, operandBits, accumulatorBits, pe, buffers, lookupTable);
    }

    /** The same array with or without the vector ALU's lookup table. */
    public ArrayConfig withLookupTable(boolean table) {
        return new ArrayConfig(rows, cols, dataflow, operandBits, accumulatorBits, pe, weightBuffers, table);
    }

    public int peCount() {
        return rows * cols;
    }

    /** Rows by columns, e.g. {@code 16x16}. */
    public String shape() {
        return rows + "x" + cols;
    }
}
