package npukit.isa;

import java.util.Objects;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ComputeTiming;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;

/**
 * The numbers of a chip the instruction set sees (isa.md, "Memories as the instructions see them"):
 * array shape, element sizes, memory rows and HBM size, and the controller's sizes, which the program
 * checks' untimed machine needs. Derived once from a {@link ChipConfig} so the encoder, validator,
 * program checks, simulator and RTL decoder agree on them.
 *
 * @param rows            array rows R
 * @param cols            array columns C
 * @param d               max(R, C): elements in a scratchpad row
 * @param operandBits     W
 * @param accumulatorBits A
 * @param elementBytes    E: bytes of one scratchpad element, 1 if W <= 8 else 2
 * @param spRowBytes      d * E
 * @param accRowBytes     C * 4
 * @param spRows          scratchpad rows
 * @param accRows         accumulator rows
 * @param hbmBytes        HBM capacity in bytes
 * @param burstBytes      HBM burst size in bytes
 * @param dataflow        which GEMM operand is stationary
 * @param pe              linear or logarithmic PEs
 * @param weightBuffers   stationary-operand registers per PE (1, or 2 for double-buffered WS or IS)
 * @param control         queue depth and DMA requests in flight
 * @param lookupTable     whether the vector ALU has a lookup table (VALU TABLE and LUT)
 */
public record Geometry(int rows, int cols, int d, int operandBits, int accumulatorBits, int elementBytes,
        long spRowBytes, long accRowBytes, long spRows, long accRows, long hbmBytes, int burstBytes,
        Dataflow dataflow, PeType pe, int weightBuffers, ControlConfig control, boolean lookupTable) {

    public Geometry {
        positive("rows", rows);
        positive("cols", cols);
        if (d != Math.max(rows, cols)) {
            throw new IllegalArgumentException("geometry d = " + d + ": must be max(rows, cols) = "
                    + Math.max(rows, cols));
        }
        positive("operandBits", operandBits);
        positive("accumulatorBits", accumulatorBits);
        if (elementBytes != (operandBits <= 8 ? 1 : 2)) {
            throw new IllegalArgumentException("geometry elementBytes = " + elementBytes
                    + ": must be 1 for operandBits <= 8, else 2 (operandBits = " + operandBits + ")");
        }
        if (spRowBytes != (long) d * elementBytes) {
            throw new IllegalArgumentException("geometry spRowBytes = " + spRowBytes + ": must be d x elementBytes = "
                    + (long) d * elementBytes);
        }
        if (accRowBytes != cols * 4L) {
            throw new IllegalArgumentException("geometry accRowBytes = " + accRowBytes + ": must be cols x 4 = "
                    + cols * 4L);
        }
        positive("spRows", spRows);
        positive("accRows", accRows);
        positive("hbmBytes", hbmBytes);
        positive("burstBytes", burstBytes);
        Objects.requireNonNull(dataflow, "geometry dataflow is required");
        Objects.requireNonNull(pe, "geometry pe is required");
        Objects.requireNonNull(control, "geometry control is required");
        if (lookupTable && operandBits > ArrayConfig.MAX_LOOKUP_BITS) {
            throw new IllegalArgumentException("geometry lookupTable: needs operandBits <= "
                    + ArrayConfig.MAX_LOOKUP_BITS + " (operandBits = " + operandBits + ")");
        }
    }

    /**
     * The geometry of a chip. A chip whose scratchpad or accumulator memory cannot hold one whole
     * row is rejected: no instruction could address it.
     */
    public static Geometry of(ChipConfig chip) {
        int r = chip.array().rows();
        int c = chip.array().cols();
        int d = Math.max(r, c);
        int w = chip.array().operandBits();
        int e = w <= 8 ? 1 : 2;
        long spRowBytes = (long) d * e;
        long accRowBytes = c * 4L;
        long spRows = chip.sram().scratchpadBytes() / spRowBytes;
        long accRows = chip.sram().accumulatorBytes() / accRowBytes;
        if (spRows == 0) {
            throw new IllegalArgumentException("chip " + chip.name() + ": sram.scratchpad-kib = "
                    + chip.sram().scratchpadKiB() + ": must hold at least one scratchpad row of " + spRowBytes
                    + " bytes (max(rows, cols) x " + e + ")");
        }
        if (accRows == 0) {
            throw new IllegalArgumentException("chip " + chip.name() + ": sram.accumulator-kib = "
                    + chip.sram().accumulatorKiB() + ": must hold at least one accumulator row of "
                    + accRowBytes + " bytes (cols x 4)");
        }
        return new Geometry(r, c, d, w, chip.array().accumulatorBits(), e, spRowBytes, accRowBytes, spRows,
                accRows, chip.hbm().capacityBytes(), chip.hbm().burstBytes(), chip.array().dataflow(),
                chip.array().pe(), chip.array().weightBuffers(), chip.control(), chip.array().lookupTable());
    }

    /** Entries of the vector ALU's lookup table: one per W-bit code (0 without a table). */
    public int lookupEntries() {
        return lookupTable ? 1 << operandBits : 0;
    }

    /** Scratchpad rows a TABLE reads to fill every entry, d to a row: ceil(2^W / d); 0 without a table. */
    public long lookupRows() {
        return (lookupEntries() + d - 1) / d;
    }

    /** The most instructions a program can have: as many as the HBM holds (the fetch unit reads them there). */
    public long maxInstructions() {
        return hbmBytes / InstructionFormat.BYTES;
    }

    /** The compute unit's duration rules for this array. */
    public ComputeTiming computeTiming() {
        return new ComputeTiming(rows, cols, dataflow, weightBuffers);
    }

    /** Bytes in one row of that memory. */
    public long rowBytes(MemorySpace mem) {
        return mem == MemorySpace.SP ? spRowBytes : accRowBytes;
    }

    /** Rows in that memory. */
    public long rows(MemorySpace mem) {
        return mem == MemorySpace.SP ? spRows : accRows;
    }

    /** Elements in one row of that memory: d in the scratchpad, C in the accumulator memory. */
    public int rowElements(MemorySpace mem) {
        return mem == MemorySpace.SP ? d : cols;
    }

    /** Significant bits of one element of that memory: W in the scratchpad, A in the accumulator memory. */
    public int elementBits(MemorySpace mem) {
        return mem == MemorySpace.SP ? operandBits : accumulatorBits;
    }

    private static void positive(String field, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("geometry " + field + " = " + value + ": must be at least 1");
        }
    }
}
