package npukit.cli;

import java.io.PrintWriter;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.sim.fpga.Ice40Device;
import npukit.testbench.synth.Ice40Placement;
import npukit.testbench.synth.SynthReport;

/**
 * The iCE40 part of `npu rtl synth --family ice40`: the whole NPU against each device (which resource
 * overflows which), then the array's PE placed and routed alone, the one figure from a placed design.
 */
final class Ice40Report {

    private Ice40Report() {
    }

    static void print(PrintWriter out, PrintWriter err, ChipConfig config, SynthReport r, String verilog,
            Ice40Device chosen, String yosysVersion) {
        List<Ice40Device> devices = chosen == null ? List.of(Ice40Device.values()) : List.of(chosen);
        Ice40Device.Need need = Ice40Placement.npuNeed(r, verilog);
        out.println();
        out.println("the whole NPU on iCE40 devices (synthesis estimates above against the datasheets' capacities;"
                + " I/O pins = port bits of the Npu module):");
        for (Ice40Device d : devices) {
            List<String> over = d.overflows(need);
            out.println("  " + d + ": " + (over.isEmpty()
                    ? "fits by these counts, but is not placed: its scratchpad and accumulator memories are black"
                    + " boxes, and no iCE40 RAM has their ports (3 asynchronous reads, 2 writes)"
                    : "does not fit: " + String.join(", ", over)));
        }
        Ice40Placement placement = Ice40Placement.atDefaultCache();
        out.println();
        out.println("placed and routed (" + placement.nextpnrVersion() + ", --seed " + Ice40Placement.SEED
                + "): the array's PE alone, not the NPU; " + (chosen == null ? "the smallest device it fits" : chosen)
                + ":");
        out.flush();
        for (Ice40Device d : devices) {
            Ice40Placement.Outcome o;
            try (Heartbeat beat = new Heartbeat(err, "placing " + config.name() + "'s PE on " + d)) {
                o = placement.place(config, verilog, d, yosysVersion);
            }
            if (o.placed() == null) {
                out.println("  " + o.module() + " on " + d + ": does not fit: " + String.join(", ", o.overflows()));
                continue;
            }
            Ice40Placement.Placed p = o.placed();
            out.printf("  %s on %s: %d logic cells, %d DSPs, %d I/O pins; Fmax %.2f MHz after routing (register to"
                    + " register: an upper bound on the array's clock on this device, not the NPU's Fmax)%n",
                    o.module(), d, p.cells(), p.dsps(), p.ios(), p.fmaxMhz());
            break; // placed on the smallest device it fits; a larger one is not tried
        }
        out.flush();
    }
}
