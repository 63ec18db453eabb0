package npukit.compiler.lower;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import npukit.arch.numerics.QuantUnitRegs;

/**
 * One layer as the NPU runs it: for each row i of X and column j, Y[i][j] = quant_j(sum_k X[i][k] W[k][j])
 * where quant_j is the chip's quant unit with lane j's registers (bias, multiplier, shift, zero point,
 * ReLU). Everything here is an integer code exactly as the hardware sees it: X and W as signed operands
 * of the chip's operand width (W as log codes on a logarithmic PE), Y as the quant unit writes it.
 *
 * @param name    the fused layer's name
 * @param m       rows of X and Y
 * @param k       columns of X, rows of W
 * @param n       columns of W and Y
 * @param weights W, k x n row-major; null for a shape-only layer ({@link #shapeOnly}), whose weights are all
 *                zero and not held
 * @param lanes   the quant unit registers of each of the n columns; empty when {@code output} is
 *                {@link Output#ACCUMULATORS}
 * @param output  whether Y is quantized by the quant unit or is the raw accumulators
 * @param clamp   a clamp of the quant unit's codes (a fused Clip), applied by the VALU; quantized layers only
 * @param residual whether the sums start from R, an m x n matrix of accumulator codes the host writes, so
 *                Y[i][j] = quant_j(R[i][j] + sum_k X[i][k] W[k][j]): a residual added where it costs no
 *                precision, before the quant unit (its bias, ReLU and requantization then act on the sum);
 *                quantized layers only
 * @param table   a map of Y's codes after the quant unit and the clamp, applied by the VALU's lookup table
 *                (TABLE and LUT, on chips with {@code array.lookup-table}); quantized layers only
 */
public record NpuLayer(String name, int m, int k, int n, int[] weights, List<QuantUnitRegs> lanes, Output output,
                       Optional<Clamp> clamp, boolean residual, Optional<CodeTable> table) {

    /**
     * Y's codes after the quant unit become min(max(y, lo), hi), the VALU's CLAMP with immediates lo and
     * hi. Both are codes of the output range, so they fit the instruction's 16-bit immediates.
     */
    public record Clamp(int lo, int hi) {
    }

    /**
     * A map of W-bit codes: code y becomes {@code codes[y mod 2^W]}, the table a TABLE instruction loads
     * (isa.md, "Lookup table"). It has 2^W entries, each a W-bit code.
     */
    public record CodeTable(int[] codes) {

        public CodeTable {
            if (codes == null || codes.length < 2 || Integer.bitCount(codes.length) != 1) {
                throw new IllegalArgumentException("a code table has 2^W entries, got "
                        + (codes == null ? "none" : codes.length));
            }
            int bits = Integer.numberOfTrailingZeros(codes.length);
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] < -(1 << (bits - 1)) || codes[i] >= 1 << (bits - 1)) {
                    throw new IllegalArgumentException("code table entry " + i + " = " + codes[i] + ": must be a "
                            + bits + "-bit code");
                }
            }
            codes = codes.clone();
        }

        /** The bits of a code: 2^bits entries. */
        public int bits() {
            return Integer.numberOfTrailingZeros(codes.length);
        }

        /** The code {@code y} maps to. */
        public int apply(int y) {
            return codes[y & (codes.length - 1)];
        }

        @Override
        public int[] codes() {
            return codes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CodeTable t && Arrays.equals(codes, t.codes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes);
        }
    }

    /** A layer whose codes are not mapped through a table. */
    public NpuLayer(String name, int m, int k, int n, int[] weights, List<QuantUnitRegs> lanes, Output output,
                    Optional<Clamp> clamp, boolean residual) {
        this(name, m, k, n, weights, lanes, output, clamp, residual, Optional.empty());
    }

    /** A layer whose codes are not clamped beyond the quant unit. */
    public NpuLayer(String name, int m, int k, int n, int[] weights, List<QuantUnitRegs> lanes, Output output) {
        this(name, m, k, n, weights, lanes, output, Optional.empty());
    }

    /** A layer without a residual. */
    public NpuLayer(String name, int m, int k, int n, int[] weights, List<QuantUnitRegs> lanes, Output output,
                    Optional<Clamp> clamp) {
        this(name, m, k, n, weights, lanes, output, clamp, false);
    }

    /** What the layer writes back. */
    public enum Output {
        /** Y is the quant unit's codes, written to the scratchpad and stored from there. */
        QUANTIZED,
        /** Y is the accumulators (A bits, sign-extended to 32-bit words), stored from the accumulator memory. */
        ACCUMULATORS
    }

    public NpuLayer {
        if (name == null || lanes == null) {
            throw new IllegalArgumentException("npu layer " + name + ": name and lanes are required");
        }
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("npu layer " + name + ": m, k, n must be >= 1, got " + m + ", " + k
                    + ", " + n);
        }
        if (weights != null && weights.length != (long) k * n) {
            throw new IllegalArgumentException("npu layer " + name + ": " + weights.length + " weights for a " + k
                    + " x " + n + " matrix");
        }
        if (output == null) {
            throw new IllegalArgumentException("npu layer " + name + ": output kind is required");
        }
        if (output == Output.ACCUMULATORS && !lanes.isEmpty()) {
            throw new IllegalArgumentException("npu layer " + name + ": a layer that writes accumulators has no "
                    + "quant unit registers, got " + lanes.size());
        }
        if (clamp == null || (clamp.isPresent() && output != Output.QUANTIZED)) {
            throw new IllegalArgumentException("npu layer " + name + ": only a quantized layer's codes are clamped");
        }
        if (table == null || (table.isPresent() && output != Output.QUANTIZED)) {
            throw new IllegalArgumentException("npu layer " + name
                    + ": only a quantized layer's codes go through a table");
        }
        if (residual && output != Output.QUANTIZED) {
            // A raw layer's STORE reads the accumulators, and the next residual LOAD into them could not wait for it.
            throw new IllegalArgumentException("npu layer " + name + ": only a quantized layer adds a residual");
        }
        if (output == Output.QUANTIZED && lanes.size() != n) {
            throw new IllegalArgumentException("npu layer " + name + ": " + lanes.size() + " lane register sets for "
                    + n + " columns");
        }
        weights = weights == null ? null : weights.clone();
        lanes = List.copyOf(lanes);
    }

    /**
     * A layer whose weights are all zero and not held, for timing-only compiles from shapes: programs and
     * cycles do not depend on the values, and a large layer's k x n array (millions of ints, copied for
     * each candidate chain) would be allocated only to be read as zeros.
     */
    public static NpuLayer shapeOnly(String name, int m, int k, int n, List<QuantUnitRegs> lanes, Output output,
                                     Optional<Clamp> clamp) {
        Math.multiplyExact(k, n); // as a held array, k x n must fit an int (weights() builds one)
        return new NpuLayer(name, m, k, n, null, lanes, output, clamp);
    }

    /** Whether the weights are held; a shape-only layer's are all zero. */
    public boolean hasWeights() {
        return weights != null;
    }

    /** W, k x n row-major (zeros for a shape-only layer). */
    @Override
    public int[] weights() {
        return weights == null ? new int[k * n] : weights.clone();
    }

    public int weight(int row, int col) {
        return weights == null ? 0 : weights[row * n + col];
    }

    /** This layer with {@code rows} rows of X and Y; everything else as it is. */
    public NpuLayer withRows(int rows) {
        return new NpuLayer(name, rows, k, n, weights, lanes, output, clamp, residual, table);
    }

    /** This layer with its sums starting from a residual the host writes. */
    public NpuLayer withResidual() {
        return new NpuLayer(name, m, k, n, weights, lanes, output, clamp, true, table);
    }

    /** This layer with its codes, after the quant unit and any clamp, mapped through {@code codes}. */
    public NpuLayer withTable(CodeTable codes) {
        return new NpuLayer(name, m, k, n, weights, lanes, output, clamp, residual, Optional.of(codes));
    }

    public long macs() {
        return (long) m * k * n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpuLayer l && name.equals(l.name) && m == l.m && k == l.k && n == l.n
                && Arrays.equals(weights, l.weights) && lanes.equals(l.lanes) && output == l.output
                && clamp.equals(l.clamp) && residual == l.residual && table.equals(l.table);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(weights);
    }
}
