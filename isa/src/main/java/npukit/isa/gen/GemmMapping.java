package npukit.isa.gen;

import npukit.arch.config.Dataflow;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.InstructionFormat;
import npukit.isa.Opcode;
import npukit.isa.Tokens;

/**
 * How a logical tile product C[m x n] = A[m x k] B[k x n] becomes one GEMM instruction, per
 * isa.md's dataflow table: which operand slot (a, b in the scratchpad, c in the accumulators) holds
 * each logical matrix, and whether its rows are the matrix's rows or its transpose's.
 *
 * <p>{@link #OS_TRANSPOSED} computes C^T = B^T A^T on an output-stationary array, so that its result
 * rows are rows of C^T: the layout the next layer's {@code a} operand needs on OS.
 */
public enum GemmMapping {
    /** a = A rows (streamed), b = B rows (stationary), c = C rows. */
    WS(Dataflow.WS, Slot.A, false, Slot.B, false, false),
    /** a = A^T rows (stationary), b = B^T rows (streamed), c = C^T rows. */
    IS(Dataflow.IS, Slot.A, true, Slot.B, true, true),
    /** a = A^T rows, b = B rows, c = C rows. */
    OS(Dataflow.OS, Slot.A, true, Slot.B, false, false),
    /** a = B rows, b = A^T rows, c = C^T rows: the OS instruction with m and n exchanged. */
    OS_TRANSPOSED(Dataflow.OS, Slot.B, true, Slot.A, false, true),
    /** a = B^T rows (streamed), b = A^T rows (stationary), c = C^T rows: the WS instruction with m and n exchanged. */
    WS_TRANSPOSED(Dataflow.WS, Slot.B, true, Slot.A, true, true);

    /** The logical matrices of one product. */
    public enum Matrix { A, B, C }

    /** Where an instruction reads or writes an operand. */
    public enum Slot { A, B, C }

    private final Dataflow dataflow;
    private final Slot slotOfA;
    private final boolean aTransposed;
    private final Slot slotOfB;
    private final boolean bTransposed;
    private final boolean cTransposed;

    GemmMapping(Dataflow dataflow, Slot slotOfA, boolean aTransposed, Slot slotOfB, boolean bTransposed,
            boolean cTransposed) {
        this.dataflow = dataflow;
        this.slotOfA = slotOfA;
        this.aTransposed = aTransposed;
        this.slotOfB = slotOfB;
        this.bTransposed = bTransposed;
        this.cTransposed = cTransposed;
    }

    /** The plain mapping of a dataflow. */
    public static GemmMapping of(Dataflow df) {
        return switch (df) {
            case WS -> WS;
            case IS -> IS;
            case OS -> OS;
        };
    }

    /**
     * The mapping whose result rows, quantized into the scratchpad, are the {@code a} operand rows
     * the plain mapping of this dataflow reads for the next layer (A rows on WS, A^T rows on IS and OS).
     */
    public GemmMapping feedingNextLayer() {
        return this == OS ? OS_TRANSPOSED : this;
    }

    public Dataflow dataflow() {
        return dataflow;
    }

    public Slot slot(Matrix x) {
        return switch (x) {
            case A -> slotOfA;
            case B -> slotOfB;
            case C -> Slot.C;
        };
    }

    /** Whether the slot holds rows of the matrix's transpose. */
    public boolean transposed(Matrix x) {
        return switch (x) {
            case A -> aTransposed;
            case B -> bTransposed;
            case C -> cTransposed;
        };
    }

    /** The logical matrix the array holds still between GEMMs, if any (WS: B, IS: A). */
    public Matrix stationary() {
        return switch (dataflow) {
            case WS -> slot(Matrix.A) == Slot.B ? Matrix.A : Matrix.B;
            case IS -> slot(Matrix.A) == Slot.A ? Matrix.A : Matrix.B;
            case OS -> null;
        };
    }

    /** Largest logical m of one GEMM: the dataflow's limit or, where only memory bounds it, the count field's. */
    public long maxM(Geometry g) {
        return limit(g, swapped() ? 'n' : 'm');
    }

    public long maxK(Geometry g) {
        return limit(g, 'k');
    }

    public long maxN(Geometry g) {
        return limit(g, swapped() ? 'm' : 'n');
    }

    /** Rows the tile of x occupies in its slot, for a logical m x k x n product. */
    public long rows(Matrix x, long m, long k, long n) {
        long[] dims = dims(x, m, k, n);
        return transposed(x) ? dims[1] : dims[0];
    }

    /** Elements per row of the tile of x in its slot. */
    public long elements(Matrix x, long m, long k, long n) {
        long[] dims = dims(x, m, k, n);
        return transposed(x) ? dims[0] : dims[1];
    }

    /**
     * The GEMM for a logical m x k x n product with A's tile at scratchpad row aRow, B's at bRow and
     * C's at accumulator row cRow.
     */
    public Instruction.Gemm gemm(Tokens tokens, long aRow, long bRow, long cRow, long m, long k, long n, boolean preload,
            boolean accumulate) {
        long a = slotOfA == Slot.A ? aRow : bRow;
        long b = slotOfA == Slot.A ? bRow : aRow;
        return swapped() ? new Instruction.Gemm(tokens, a, b, cRow, n, k, m, preload, accumulate)
                : new Instruction.Gemm(tokens, a, b, cRow, m, k, n, preload, accumulate);
    }

    private boolean swapped() {
        return slotOfA == Slot.B;
    }

    private static long[] dims(Matrix x, long m, long k, long n) {
        return switch (x) {
            case A -> new long[] {m, k};
            case B -> new long[] {k, n};
            case C -> new long[] {m, n};
        };
    }

    /**
     * The instruction-level limits of isa.md's table, by instruction field name, each also bounded by
     * its field: a streamed count (m on WS, n on IS) is bounded only by memory in the table, and on a chip
     * whose memories have few rows even an array edge can exceed the count field.
     */
    private long limit(Geometry g, char field) {
        long table = switch (dataflow) {
            case WS -> field == 'k' ? g.rows() : field == 'n' ? g.cols() : Long.MAX_VALUE;
            case IS -> field == 'k' ? g.rows() : field == 'm' ? g.cols() : Long.MAX_VALUE;
            // isa.md puts no limit on k on OS but the k field's.
            case OS -> field == 'm' ? g.rows() : field == 'n' ? g.cols() : Long.MAX_VALUE;
        };
        return Math.min(table, InstructionFormat.of(g).field(Opcode.GEMM, String.valueOf(field)).max());
    }
}
