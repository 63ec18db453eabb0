package npukit.sim.fpga;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An FPGA family `npu rtl synth` targets: the Yosys synthesis command, how its cells count as LUTs,
 * flip-flops, DSPs and carry, and the shapes of its block RAM (which the memory estimate packs into).
 */
public enum FpgaFamily {

    /** Xilinx 7-series: BRAM18 in simple-dual-port mode (512x36 is the widest); two BRAM18 make a RAMB36 tile. */
    XC7("xc7", "synth_xilinx -top Npu -noiopad", "BRAM18", 18 * 1024,
            List.of(new Mode(16384, 1, 1), new Mode(8192, 2, 2), new Mode(4096, 4, 4), new Mode(2048, 9, 8),
                    new Mode(1024, 18, 16), new Mode(512, 36, 32))),
    /** Lattice iCE40 (UltraPlus for its SB_MAC16 DSPs): SB_RAM40_4K blocks, 256x16 at the widest. */
    ICE40("ice40", "synth_ice40 -top Npu -dsp", "SB_RAM40_4K", 4 * 1024,
            List.of(new Mode(2048, 2, 2), new Mode(1024, 4, 4), new Mode(512, 8, 8), new Mode(256, 16, 16)));

    /**
     * One aspect ratio of a block RAM. {@code byteWidth} is the data bits it holds when the memory is
     * written a byte at a time: a 9-bit byte lane of a Xilinx BRAM carries one 8-bit byte.
     */
    public record Mode(int depth, int width, int byteWidth) {
    }

    private final String fileName;
    private final String synthCommand;
    private final String blockName;
    private final int blockBits;
    private final List<Mode> modes;

    FpgaFamily(String fileName, String synthCommand, String blockName, int blockBits, List<Mode> modes) {
        this.fileName = fileName;
        this.synthCommand = synthCommand;
        this.blockName = blockName;
        this.blockBits = blockBits;
        this.modes = modes;
    }

    public String fileName() {
        return fileName;
    }

    /**
     * The Yosys command that synthesizes the design for this family. xc7 goes module by module (not
     * flattened, so the one PE module is mapped once however many PEs the array has: a flattened 16x16
     * NPU did not finish in an hour on the shared machine). synth_ice40 flattens, and is left to: only
     * the smallest configs come near an iCE40, and flattened, Yosys puts the fetch ring and queues into
     * block RAM and sheds half the flip-flops of tiny-1x1 (docs/synthesis.md compares the two).
     */
    public String synthCommand() {
        return synthCommand;
    }

    /** The block RAM the memory estimate counts in: BRAM18 or SB_RAM40_4K. */
    public String blockName() {
        return blockName;
    }

    public int blockBits() {
        return blockBits;
    }

    public List<Mode> modes() {
        return modes;
    }

    /** The family of a command-line name, or null. */
    public static FpgaFamily byName(String name) {
        return Arrays.stream(values()).filter(f -> f.fileName.equals(name)).findFirst().orElse(null);
    }

    public static String names() {
        return Arrays.stream(values()).map(FpgaFamily::fileName).collect(Collectors.joining(", "));
    }

    /** What a Yosys cell of this family is, for the resource totals. */
    public enum Kind { LUT, LUTRAM, FF, DSP, CARRY, BRAM, OTHER }

    private static final Map<String, Integer> XC7_LUTRAM_LUTS = Map.of("RAM32M", 4, "RAM64M", 4, "RAM32X1D", 2,
            "RAM64X1D", 2, "RAM128X1D", 4, "RAM256X1S", 4, "RAM32X1S", 1, "RAM64X1S", 1, "SRL16E", 1, "SRLC32E", 1);

    /** The kind of a mapped cell type. */
    public Kind kind(String cell) {
        if (this == XC7) {
            if (cell.matches("LUT[1-6]") || cell.equals("INV")) {
                return Kind.LUT; // Yosys leaves some inverters as INV cells; each takes a LUT1 after place.
            }
            if (XC7_LUTRAM_LUTS.containsKey(cell)) {
                return Kind.LUTRAM;
            }
            if (cell.matches("FD[RSCP]E(_1)?|LD[CP]E")) {
                return Kind.FF;
            }
            if (cell.startsWith("DSP48")) {
                return Kind.DSP;
            }
            if (cell.equals("CARRY4")) {
                return Kind.CARRY;
            }
            if (cell.startsWith("RAMB18") || cell.startsWith("RAMB36")) {
                return Kind.BRAM;
            }
            return Kind.OTHER;
        }
        if (cell.equals("SB_LUT4")) {
            return Kind.LUT;
        }
        if (cell.startsWith("SB_DFF")) {
            return Kind.FF;
        }
        if (cell.equals("SB_MAC16")) {
            return Kind.DSP;
        }
        if (cell.equals("SB_CARRY")) {
            return Kind.CARRY;
        }
        if (cell.startsWith("SB_RAM40_4K")) {
            return Kind.BRAM;
        }
        return Kind.OTHER;
    }

    /** How many units a cell of kind LUTRAM or BRAM counts for: LUTs of a LUT-RAM cell, BRAM18s of a RAMB36. */
    public int units(String cell) {
        if (XC7_LUTRAM_LUTS.containsKey(cell)) {
            return XC7_LUTRAM_LUTS.get(cell);
        }
        return cell.startsWith("RAMB36") ? 2 : 1;
    }
}
