package npukit.isa.gen;

import java.util.SplittableRandom;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;
import npukit.isa.ValuOp;
import npukit.isa.gen.GemmMapping.Matrix;

/**
 * What the regression programs share: the builder, the chip's geometry and GEMM mapping, seeded
 * data, the edge that caps their tile sizes, and bump allocators for scratchpad and accumulator rows
 * that throw {@link NoRoomException} when the chip's memories are too small at this edge (the caller
 * then writes the program again at a smaller one).
 */
final class ProgramKit {

    final ProgramBuilder b;
    final Geometry g;
    final GemmMapping map;
    final SplittableRandom rnd;
    final ElementData data;
    final QuantParams quant;
    final long edge;
    private final String program;
    private long nextSp;
    private long nextAcc;
    private long relayRow = -1;

    /** A kit at full scale: tiles limited by the array alone. */
    ProgramKit(ChipConfig chip, String program, long seed) {
        this(chip, program, seed, Geometry.of(chip).d());
    }

    ProgramKit(ChipConfig chip, String program, long seed, long edge) {
        this.b = new ProgramBuilder(chip);
        this.g = b.geometry();
        if (edge < 1 || edge > g.d()) {
            throw new IllegalArgumentException("edge = " + edge + ": must be 1.." + g.d());
        }
        this.edge = edge;
        this.map = GemmMapping.of(g.dataflow());
        this.rnd = new SplittableRandom(seed);
        this.data = new ElementData(g, rnd);
        this.quant = new QuantParams(g, chip.quant());
        this.program = program;
    }

    long spRows(long n) {
        return allocate(MemorySpace.SP, n);
    }

    long accRows(long n) {
        return allocate(MemorySpace.ACC, n);
    }

    private long allocate(MemorySpace mem, long n) {
        long start = mem == MemorySpace.SP ? nextSp : nextAcc;
        if (start + n > g.rows(mem)) {
            throw new NoRoomException("regression program '" + program + "' needs more than "
                    + g.rows(mem) + " " + mem.asmName() + " rows on this chip at tile edge " + edge);
        }
        if (mem == MemorySpace.SP) {
            nextSp += n;
        } else {
            nextAcc += n;
        }
        return start;
    }

    /** A tile extent: the dataflow's limit, capped by the edge (which starts at D, where only memory limits it). */
    long tile(long limit) {
        return Math.min(limit, edge);
    }

    /** Whether the program is written at full scale, its tiles limited by the array alone. */
    boolean fullScale() {
        return edge == g.d();
    }

    /** HBM alignment that keeps every element whole: a transfer never splits one. */
    long hbmAlignment() {
        return Math.max(64, g.burstBytes());
    }

    /**
     * A logical matrix of a GEMM operand in HBM, stored as the mapping's slot for it reads rows: B
     * (the weights, the b slot's log codes on a log PE) or A, with random data.
     */
    HbmMatrix operand(Matrix x, long rows, long cols) {
        return operand(map, x, rows, cols);
    }

    /** Same, for a given mapping (layers of one program may use different ones). */
    HbmMatrix operand(GemmMapping m, Matrix x, long rows, long cols) {
        boolean t = m.transposed(x);
        byte[] bytes = m.slot(x) == GemmMapping.Slot.B ? data.weights(t ? cols : rows, t ? rows : cols)
                : data.operands(t ? cols : rows, t ? rows : cols);
        return new HbmMatrix(b.hbm().place(bytes, hbmAlignment()), rows, cols, g.elementBytes(), t);
    }

    /** An output region in HBM pre-filled with random bytes, so a byte a store should not write shows. */
    HbmMatrix output(long rows, long cols, int elementBytes, boolean transposed) {
        byte[] canary = data.canary(rows * cols * elementBytes);
        return new HbmMatrix(b.hbm().place(canary, hbmAlignment()), rows, cols, elementBytes, transposed);
    }

    /** Random scratchpad elements, rows x elems, row-major. */
    HbmMatrix spImage(long rows, long elems) {
        return new HbmMatrix(b.hbm().place(data.operands(rows, elems), hbmAlignment()), rows, elems,
                g.elementBytes(), false);
    }

    /** Random accumulator elements, rows x elems, row-major. */
    HbmMatrix accImage(long rows, long elems) {
        return new HbmMatrix(b.hbm().place(data.accumulators(rows, elems), hbmAlignment()), rows, elems, 4, false);
    }

    /** One QUANT parameter set in HBM for accumulators of about accBits significant bits. */
    Transfer params(int accBits) {
        byte[] rows = quant.rows(quant.randomLanes(accBits, rnd));
        long at = b.hbm().place(rows, hbmAlignment());
        return new Transfer(at, 4, g.accRowBytes(), g.accRowBytes());
    }

    /** Significant bits of a sum of k products of random operands, capped at the accumulator width. */
    int productBits(long k) {
        int log2k = 64 - Long.numberOfLeadingZeros(Math.max(1, k - 1));
        return Math.min(g.accumulatorBits() - 1, 2 * g.operandBits() - 2 + log2k);
    }

    /**
     * A compute instruction that carries tokens between the load and store units when no real
     * computation stands between them: an ADD of 0 on one scratchpad row only the compute unit
     * uses ({@link #setUpRelay()} defines it).
     */
    void relay(TokenFlag... flags) {
        if (relayRow < 0) {
            throw new IllegalStateException("relay row not set up: call setUpRelay() before the first relay");
        }
        b.valuImm(ValuOp.ADD, MemorySpace.SP, relayRow, relayRow, 1, 0, 0, flags);
    }

    /** Allocates and loads the relay row; emit it before the first L->C push so the push covers it. */
    void setUpRelay() {
        relayRow = spRows(1);
        HbmMatrix init = spImage(1, g.d());
        b.load(MemorySpace.SP, relayRow, init.tile(0, 0, 1, g.d()));
    }

    /** The chip's memories cannot hold the program at this edge. */
    static final class NoRoomException extends RuntimeException {
        NoRoomException(String message) {
            super(message);
        }
    }

    NamedProgram named(String name, String description) {
        return new NamedProgram(name, description, b.build());
    }
}
