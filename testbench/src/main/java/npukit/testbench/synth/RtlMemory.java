package npukit.testbench.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import npukit.sim.fpga.BlockRams;
import npukit.sim.fpga.FpgaFamily;

/**
 * A memory module of the generated SystemVerilog (firtool emits each Chisel {@code Mem} as a module
 * holding {@code reg [W-1:0] Memory[0:D-1]} with ports {@code R<i>_*} and {@code W<i>_*}).
 *
 * @param module     the module name, e.g. {@code mem_512x16}
 * @param depth      rows
 * @param width      bits per row
 * @param readPorts  asynchronous read ports
 * @param writePorts write ports
 * @param byteMasked whether writes carry a byte mask
 */
public record RtlMemory(String module, int depth, int width, int readPorts, int writePorts, boolean byteMasked) {

    private static final Pattern MODULE = Pattern.compile("(?ms)^module (\\w+)\\((.*?)^endmodule");
    private static final Pattern ARRAY = Pattern.compile("reg \\[(\\d+):0\\] Memory\\[0:(\\d+)\\];");

    /** Every memory module in the Verilog, in the order they appear. */
    public static List<RtlMemory> parse(String verilog) {
        List<RtlMemory> out = new ArrayList<>();
        Matcher m = MODULE.matcher(verilog);
        while (m.find()) {
            String body = m.group(2);
            Matcher a = ARRAY.matcher(body);
            if (!a.find()) {
                continue;
            }
            out.add(new RtlMemory(m.group(1), Integer.parseInt(a.group(2)) + 1, Integer.parseInt(a.group(1)) + 1,
                    count(body, "R"), count(body, "W"), body.contains("W0_mask")));
        }
        return out;
    }

    private static int count(String body, String prefix) {
        int n = 0;
        while (body.contains(" " + prefix + n + "_addr")) {
            n++;
        }
        return n;
    }

    /**
     * Whether synthesis keeps this memory as a black box and it is counted from its dimensions: a
     * memory with several write ports, which no FPGA RAM primitive has (the scratchpad and the
     * accumulator). Yosys maps the single-write-port ones itself (queues, the fetch ring).
     */
    public boolean counted() {
        return writePorts > 1;
    }

    /** Block RAMs of this memory, all copies ({@link BlockRams}). */
    public long blocks(FpgaFamily family) {
        return BlockRams.blocks(family, depth, width, byteMasked, readPorts, writePorts);
    }

    public long bits() {
        return (long) depth * width;
    }

    /** e.g. {@code 512x16, 3 read / 2 write ports, byte mask}. */
    public String describe() {
        return depth + "x" + width + ", " + readPorts + " read / " + writePorts + " write ports"
                + (byteMasked ? ", byte-masked writes" : "");
    }
}
