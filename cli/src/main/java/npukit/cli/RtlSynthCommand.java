package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import npukit.arch.config.ChipConfig;
import npukit.rtl.RtlEmitter;
import npukit.sim.fpga.BlockRams;
import npukit.sim.fpga.FpgaFamily;
import npukit.sim.fpga.FpgaResourceModel;
import npukit.sim.fpga.Ice40Device;
import npukit.testbench.RtlBuildException;
import npukit.testbench.synth.RtlMemory;
import npukit.testbench.synth.SynthReport;
import npukit.testbench.synth.YosysSynthesis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `npu rtl synth`: FPGA resources of the generated NPU, from Yosys and from the memories' dimensions. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Synthesize the whole NPU's SystemVerilog with Yosys for an FPGA family and report LUTs, "
                + "flip-flops, DSP blocks, carry cells and block RAMs. LUTs, flip-flops, DSPs and carry are Yosys "
                + "synthesis estimates (its stat after synth_xilinx or synth_ice40; nothing is placed or routed). "
                + "The scratchpad and accumulator memories (several write ports, asynchronous reads) are black "
                + "boxes: their block RAMs are computed from their dimensions and ports, one copy per read port "
                + "and per write port, as FPGA tools build multi-ported memories (docs/synthesis.md).",
                "Reports are cached by the chip's config hash under the cache folder; Yosys's log is kept there. "
                        + "Arrays of more than " + YosysSynthesis.MAX_PES + " PEs (32x32) are refused up front."},
        footer = {"", "With --family ice40 the NPU is checked against the iCE40 UP5K and HX8K (which resource "
                + "overflows which device) and the array's PE alone is placed and routed with nextpnr-ice40 (fixed "
                + "seed) for its Fmax: the only figure from a placed design.", "", "Example:",
                "  npu rtl synth --chip edge-cmsis --family ice40"})
final class RtlSynthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--chip", required = true, description = "A preset name or a config file.")
    String chip;

    @Option(names = "--family", defaultValue = "xc7", description = "xc7 (Xilinx 7-series, default) or ice40 "
            + "(Lattice iCE40: checked against the UP5K and HX8K, the PE placed with nextpnr-ice40).")
    String family;

    @Option(names = "--device", description = "With --family ice40: up5k or hx8k, the device to check the NPU "
            + "against and place the PE on; default: both checked, the PE placed on the smallest that fits.")
    String device;

    @Override
    public Integer call() {
        FpgaFamily f = FpgaFamily.byName(family);
        if (f == null) {
            throw new UserInputException("rtl synth: --family: unknown family '" + UserInputException.excerpt(family)
                    + "'; use one of " + FpgaFamily.names());
        }
        Ice40Device d = device == null ? null : Ice40Device.byName(device);
        if (device != null && f != FpgaFamily.ICE40) {
            throw new UserInputException("rtl synth: --device " + UserInputException.excerpt(device)
                    + ": a device is chosen with --family ice40 only");
        }
        if (device != null && d == null) {
            throw new UserInputException("rtl synth: --device: unknown iCE40 device '"
                    + UserInputException.excerpt(device) + "'; use one of " + Ice40Device.names());
        }
        ChipConfig config = ChipSource.resolve(chip).config();
        if (config.array().peCount() > YosysSynthesis.MAX_PES) {
            throw new UserInputException("rtl synth: " + config.name() + " has a " + config.array().shape()
                    + " array of " + config.array().peCount() + " PEs; synthesis takes at most "
                    + YosysSynthesis.MAX_PES + " (32x32): Yosys's time grows with the PE count, so a larger array"
                    + " is refused; use the analytic model (docs/synthesis.md) for it");
        }
        PrintWriter err = spec.commandLine().getErr();
        YosysSynthesis yosys = YosysSynthesis.atDefaultCache();
        SynthReport report = yosys.cached(config, f);
        boolean cached = report != null;
        if (!cached) {
            String verilog;
            try (Heartbeat beat = new Heartbeat(err, "generating the NPU for " + config.name())) {
                verilog = RtlEmitter.npu(config);
            }
            err.println("synthesizing " + config.name() + " (" + config.array().shape() + ") for " + f.fileName()
                    + " with Yosys");
            err.flush();
            AtomicReference<Path> log = new AtomicReference<>();
            try (Heartbeat beat = new Heartbeat(err, () -> "yosys " + YosysSynthesis.currentPass(log.get()),
                    Heartbeat.FIRST_SECONDS, Heartbeat.EVERY_SECONDS, TimeUnit.SECONDS)) {
                report = yosys.run(config, f, verilog, log::set);
            } catch (RtlBuildException e) {
                err.println("npu: rtl synth: " + e.getMessage());
                err.flush();
                return Npu.INTERNAL_ERROR;
            }
        }
        Path folder = yosys.cacheFolder(config, f);
        PrintWriter out = spec.commandLine().getOut();
        print(out, config, report, cached ? folder : null);
        if (f == FpgaFamily.ICE40) {
            try {
                Ice40Report.print(out, err, config, report, Files.readString(folder.resolve("Npu.sv")), d,
                        yosys.yosysVersion());
            } catch (IOException | RtlBuildException e) {
                err.println("npu: rtl synth: iCE40 placement: " + e.getMessage());
                err.flush();
                return Npu.INTERNAL_ERROR;
            }
        }
        return 0;
    }

    static void print(PrintWriter out, ChipConfig config, SynthReport r, Path cachedIn) {
        FpgaFamily f = r.family();
        out.println("chip:   " + config.name() + " (" + config.array().shape() + " "
                + config.array().dataflow().fileName() + ", config hash " + r.hash() + ")");
        out.println("family: " + f.fileName() + ", " + r.yosys() + ": " + f.synthCommand());
        out.println();
        out.println("Yosys synthesis estimates (stat after synthesis; not placed or routed):");
        out.printf("  LUTs         %8d  (logic %d, distributed RAM %d)%n", r.luts(), r.logicLuts(), r.lutramLuts());
        out.printf("  flip-flops   %8d%n", r.ffs());
        out.printf("  DSP blocks   %8d%n", r.dsps());
        out.printf("  carry cells  %8d%n", r.carry());
        out.printf("  block RAM    %8d %s inferred by Yosys%n", r.yosysBrams(), f.blockName());
        out.println();
        out.println("computed from memory dimensions (black boxes, not synthesized; one copy per read port x per write"
                + " port, live-value table not counted; block RAMs read synchronously, the RTL's memories"
                + " asynchronously):");
        for (Map.Entry<RtlMemory, Long> e : r.memories().entrySet()) {
            RtlMemory m = e.getKey();
            out.printf("  %-14s %s: %d copies x %d %s%s = %d%n", m.module(), m.describe(),
                    BlockRams.copies(m.readPorts(), m.writePorts()),
                    BlockRams.perCopy(f, m.depth(), m.width(), m.byteMasked()), f.blockName(),
                    e.getValue() > 1 ? " x " + e.getValue() + " instances" : "", m.blocks(f) * e.getValue());
        }
        out.printf("  block RAM    %8d %s%s%n", r.memoryBrams(), f.blockName(),
                f == FpgaFamily.XC7 ? " (" + (r.memoryBrams() + 1) / 2 + " RAMB36 tiles)" : "");
        out.println();
        FpgaResourceModel.Estimate m = FpgaResourceModel.estimate(config, f);
        out.printf("analytic model (what sweeps use): LUTs %d, flip-flops %d, DSPs %d, block RAM %d%n",
                m.luts(), m.ffs(), m.dsps(), m.brams());
        out.println(cachedIn != null ? "cached Yosys report (Yosys took " + r.seconds() + " s when it was made): " + cachedIn
                : "Yosys took " + r.seconds() + " s");
        out.flush();
    }
}
