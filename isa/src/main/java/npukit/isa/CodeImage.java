package npukit.isa;

import java.util.List;

/**
 * Where a program's instructions lie in HBM for the fetch unit (isa.md, "Where the instructions
 * lie"): instruction i as its 16-byte encoding at {@code address + 16 i}, the address the lowest
 * multiple of max(burst, 16) at or above every byte of the program's HBM image and every byte any of
 * its LOADs and STOREs can touch. So the placement follows from the program alone, no compiler or
 * tool chooses it, and no instruction ever reads or overwrites the code.
 *
 * @param address      first byte of instruction 0, a multiple of max(burst, 16)
 * @param instructions how many, FINISH included
 */
public record CodeImage(long address, int instructions) {

    public CodeImage {
        if (address < 0 || instructions < 0) {
            throw new IllegalArgumentException("code image at " + address + " of " + instructions
                    + " instructions: needs an address and a count of at least 0");
        }
    }

    /** The placement of this program's instructions on a chip of this geometry. */
    public static CodeImage of(Program program, Geometry g) {
        long top = 0;
        for (HbmSegment s : program.hbmImage()) {
            top = Math.max(top, s.end());
        }
        top = Math.max(top, transfersEnd(program.instructions()));
        long align = alignment(g);
        long address = top > Long.MAX_VALUE - align ? Long.MAX_VALUE / align * align : (top + align - 1) / align * align;
        return new CodeImage(address, program.instructions().size());
    }

    /**
     * One past the last HBM byte the LOADs and STOREs touch: the code lies above it (and above the
     * image), which a cost model that sees only the instructions needs for where fetch reads.
     */
    public static long transfersEnd(List<Instruction> instructions) {
        long top = 0;
        for (Instruction ins : instructions) {
            if (ins instanceof Instruction.Load l) {
                top = Math.max(top, transferEnd(l.hbm(), l.rows(), l.bytes(), l.stride()));
            } else if (ins instanceof Instruction.Store s) {
                top = Math.max(top, transferEnd(s.hbm(), s.rows(), s.bytes(), s.stride()));
            }
        }
        return top;
    }

    /** Bursts are read whole and instructions are 16 bytes: the code starts on a multiple of both. */
    public static long alignment(Geometry g) {
        return Math.max(g.burstBytes(), InstructionFormat.BYTES);
    }

    /** Bytes the instructions take. */
    public long bytes() {
        return (long) instructions * InstructionFormat.BYTES;
    }

    /** One past the last code byte. */
    public long end() {
        return address > Long.MAX_VALUE - bytes() ? Long.MAX_VALUE : address + bytes();
    }

    /** Why the HBM cannot hold the code there, or null if it can. */
    public String problem(Geometry g) {
        if (end() <= g.hbmBytes()) {
            return null;
        }
        return "program: its " + instructions + " instructions need " + bytes() + " bytes of HBM at 0x"
                + Long.toHexString(address) + ", above everything the program's image and transfers touch,"
                + " and would end at 0x" + Long.toHexString(end()) + ", past the HBM size 0x"
                + Long.toHexString(g.hbmBytes());
    }

    /** The encoded instructions, to place at {@link #address()} before the run. */
    public HbmSegment segment(List<Instruction> program, InstructionFormat format) {
        if (program.size() != instructions) {
            throw new IllegalArgumentException("code image of " + instructions + " instructions given "
                    + program.size());
        }
        byte[] bytes = new byte[Math.toIntExact(bytes())];
        for (int i = 0; i < instructions; i++) {
            System.arraycopy(format.encodeBytes(program.get(i)), 0, bytes, i * InstructionFormat.BYTES,
                    InstructionFormat.BYTES);
        }
        return new HbmSegment(address, bytes);
    }

    // One past the last byte of a transfer's runs; saturating, since an invalid one may overflow.
    private static long transferEnd(long hbm, long rows, long bytes, long stride) {
        if (rows < 1 || bytes < 1) {
            return 0;
        }
        if (hbm > Long.MAX_VALUE - bytes) {
            return Long.MAX_VALUE;
        }
        if (stride != 0 && rows - 1 > (Long.MAX_VALUE - hbm - bytes) / stride) {
            return Long.MAX_VALUE;
        }
        return hbm + (rows - 1) * stride + bytes;
    }
}
