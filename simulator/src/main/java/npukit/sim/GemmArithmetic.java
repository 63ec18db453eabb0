package npukit.sim;

import java.util.Arrays;
import npukit.arch.numerics.PeMultiplier;
import npukit.isa.Geometry;

/**
 * A GEMM's data effect in blocks over primitive arrays: operand rows gathered from sp into packed
 * matrices, C = X S accumulated by {@link GemmKernel}, and the result rows wrapped to A bits and written
 * to acc. Every dataflow is this one product with its own X and S (see the dataflow classes).
 *
 * <p>Why the results are the PE array's, bit for bit (isa.md, "Arithmetic"): the array adds products
 * into A-bit sums, and integer addition and multiplication are exact modulo 2^64, so any order of the
 * same additions gives the same sum modulo 2^A. A is at most 32, so the sums are taken modulo 2^32 in
 * ints, which the JIT vectorizes, and only then wrapped to A bits. The log PE's product a * (+-2^e, or 0) is a linear
 * product with the b operand replaced by the multiplier its code means (from
 * {@link PeMultiplier#product} of 1), so one kernel serves both PEs.
 */
final class GemmArithmetic {

    /** An operand matrix: {@code count} rows of at least {@code elements} each. Reused across GEMMs. */
    static final class Matrix {
        int[][] rows = new int[0][];
        int count;
        int elements;
    }

    private final PeMultiplier pe;
    private final int operandBits;
    private final int accBits;
    private final Matrix transposeBuffer = new Matrix();
    // One result row, exactly as wide as the GEMM's (see GemmKernel).
    private int[] c = new int[0];

    GemmArithmetic(Geometry g, PeMultiplier pe) {
        this.pe = pe;
        this.operandBits = g.operandBits();
        this.accBits = g.accumulatorBits();
        if (accBits > Integer.SIZE) {
            // ArrayConfig bounds A to 8..32 and acc elements are 32-bit words; the int sums rely on it.
            throw new IllegalArgumentException("accumulator bits " + accBits + ": the GEMM computes modulo 2^32");
        }
    }

    /** Loads sp rows base..base+rows-1, {@code elements} of each; as multipliers if they are the b operand. */
    void load(Matrix m, RowMemory sp, long base, int rows, int elements, boolean bOperand) {
        size(m, rows, elements);
        for (int r = 0; r < rows; r++) {
            int[] row = m.rows[r];
            sp.readInts(base + r, row, 0, elements);
            if (bOperand) {
                decode(row, elements);
            }
        }
    }

    /** As {@link #load}, transposed: element e of sp row r is element r of row e, an elements x rows matrix. */
    void loadTransposed(Matrix m, RowMemory sp, long base, int rows, int elements, boolean bOperand) {
        Matrix t = transposeBuffer;
        load(t, sp, base, rows, elements, bOperand);
        size(m, elements, rows);
        for (int r = 0; r < rows; r++) {
            int[] from = t.rows[r];
            for (int e = 0; e < elements; e++) {
                m.rows[e][r] = from[e];
            }
        }
    }

    /**
     * acc rows cRow..cRow+x.count-1, elements 0..width-1, become (their old values if {@code accumulate},
     * else 0) + X S, modulo 2^A and sign-extended. k is X's row length; S has at least k rows.
     */
    void accumulate(RowMemory acc, long cRow, boolean accumulate, Matrix x, Matrix s, int width) {
        if (c.length != width) {
            c = new int[width];
        }
        int unused = Integer.SIZE - accBits;
        for (int r = 0; r < x.count; r++) {
            if (accumulate) {
                acc.readInts(cRow + r, c, 0, width);
            } else {
                Arrays.fill(c, 0);
            }
            GemmKernel.multiplyRow(c, x.rows[r], s.rows, x.elements, width);
            for (int j = 0; j < width; j++) {
                c[j] = (c[j] << unused) >> unused;
            }
            acc.writeInts(cRow + r, c, 0, width);
        }
    }

    /** Replaces b operands by the multipliers they mean; the linear PE's b is its own multiplier. */
    private void decode(int[] row, int count) {
        if (pe == PeMultiplier.LINEAR) {
            return;
        }
        for (int i = 0; i < count; i++) {
            row[i] = (int) pe.product(1, row[i], operandBits, accBits);
        }
    }

    private static void size(Matrix m, int rows, int elements) {
        if (m.rows.length < rows || (rows > 0 && m.rows[0].length < elements)) {
            int[][] grown = new int[Math.max(rows, m.rows.length)][];
            for (int r = 0; r < grown.length; r++) {
                grown[r] = new int[Math.max(elements, m.elements)];
            }
            m.rows = grown;
        }
        m.count = rows;
        m.elements = elements;
    }
}
