package npukit.testbench.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import npukit.arch.config.ChipConfig;
import npukit.arch.io.OutputFile;
import npukit.arch.io.ScratchFolder;
import npukit.sim.fpga.FpgaFamily;
import npukit.sim.fpga.Ice40Device;
import npukit.testbench.ExternalTool;
import npukit.testbench.RtlBuildException;

/**
 * Places and routes the array's processing element, alone, on an iCE40 with nextpnr-ice40 and reads
 * its Fmax. The whole NPU never fits an iCE40 (its top module alone has thousands of port bits, beyond
 * any package's pins, docs/synthesis.md), so the PE is the part of the design that can be placed: its
 * register-to-register Fmax bounds the clock of the array on that device from above. Yosys synthesizes
 * the PE for the device (SB_MAC16 DSPs only on the UP5K), nextpnr runs with a fixed seed, and the
 * result is cached by the config hash, the device and the tools' versions.
 */
public final class Ice40Placement {

    /** Changes whenever the scripts or the reading of nextpnr's report change. */
    private static final String RECIPE = "place-1";
    /** nextpnr's placer is randomized; a fixed seed makes a run repeatable (docs/synthesis.md). */
    public static final int SEED = 1;

    /**
     * A placed and routed PE.
     *
     * @param cells    logic cells used (ICESTORM_LC)
     * @param dsps     SB_MAC16 DSPs used
     * @param ios      I/O pins used (one per port bit)
     * @param fmaxMhz  nextpnr's maximum frequency after routing, register to register
     */
    public record Placed(long cells, long dsps, long ios, double fmaxMhz) {
    }

    /**
     * What happened on one device: the overflows that kept the PE off it (and {@code placed} null), or
     * its placement.
     */
    public record Outcome(String module, Ice40Device device, List<String> overflows, Placed placed,
            String nextpnr) {
        public Outcome {
            overflows = List.copyOf(overflows);
        }
    }

    private final Path cacheRoot;
    private String version;

    public Ice40Placement(Path cacheRoot) {
        this.cacheRoot = cacheRoot.resolve("nextpnr");
    }

    public static Ice40Placement atDefaultCache() {
        return new Ice40Placement(Path.of(System.getProperty("npukit.cache", ".cache")).toAbsolutePath());
    }

    /**
     * What the whole NPU needs of an iCE40 device: the Yosys figures of {@code report} (the memories'
     * block RAMs as computed) and one pin per port bit of the Npu module in {@code verilog}.
     */
    public static Ice40Device.Need npuNeed(SynthReport report, String verilog) {
        return new Ice40Device.Need(report.luts(), report.ffs(), report.dsps(), report.brams(),
                VerilogPorts.bits(verilog, "Npu"));
    }

    /** Places the PE of {@code verilog} (generated for {@code chip}) on {@code device}, or says why it does not fit. */
    public Outcome place(ChipConfig chip, String verilog, Ice40Device device, String yosysVersion) {
        String module = VerilogPorts.peModule(verilog);
        long ios = VerilogPorts.bits(verilog, module);
        List<String> pins = device.overflows(new Ice40Device.Need(0, 0, 0, 0, ios));
        if (!pins.isEmpty()) {
            return new Outcome(module, device, pins, null, nextpnrVersion());
        }
        // Keyed by both tools' versions: Yosys maps the PE, nextpnr places it.
        Path file = cacheRoot.resolve(device.fileName() + "-" + chip.hash() + "-" + RECIPE + "-yosys"
                + number(yosysVersion) + "-nextpnr" + number(nextpnrVersion()) + ".txt");
        try {
            if (Files.isRegularFile(file)) {
                Outcome cached = fromText(Files.readString(file), module, device);
                if (cached != null) {
                    return cached;
                }
            }
            Files.createDirectories(cacheRoot);
            ScratchFolder.removeStale(cacheRoot);
            Outcome outcome;
            try (ScratchFolder scratch = ScratchFolder.create(cacheRoot, device.fileName() + "-" + chip.hash())) {
                outcome = run(scratch, verilog, module, device, ios, file);
            }
            OutputFile.of(file, true).writeString(toText(outcome));
            return outcome;
        } catch (IOException e) {
            throw new RtlBuildException("cannot place the PE of " + chip.name() + " in " + cacheRoot + " ("
                    + e.getMessage() + ")", e);
        }
    }

    private Outcome run(ScratchFolder scratch, String verilog, String module, Ice40Device device, long ios, Path file)
            throws IOException {
        Path dir = scratch.path();
        OutputFile.of(dir.resolve("Npu.sv"), true).writeString(verilog);
        String log = ExternalTool.run(List.of("yosys", "-p", "read_verilog -sv Npu.sv; synth_ice40 -top " + module
                + (device.dsps() > 0 ? " -dsp" : "") + " -json pe.json; stat"), scratch);
        Map<String, Long> cells = SynthReport.statCells(log);
        long luts = count(cells, FpgaFamily.Kind.LUT);
        Ice40Device.Need need = new Ice40Device.Need(luts, count(cells, FpgaFamily.Kind.FF),
                count(cells, FpgaFamily.Kind.DSP), count(cells, FpgaFamily.Kind.BRAM), ios);
        List<String> over = device.overflows(need);
        if (!over.isEmpty()) {
            return new Outcome(module, device, over, null, nextpnrVersion());
        }
        List<String> command = new java.util.ArrayList<>(List.of("nextpnr-ice40"));
        command.addAll(device.nextpnrArgs());
        command.addAll(List.of("--json", "pe.json", "--seed", String.valueOf(SEED)));
        String report = ExternalTool.run(command, scratch);
        // Kept beside the cached figures: the timing report the Fmax is read from.
        OutputFile.of(file.resolveSibling(file.getFileName().toString().replace(".txt", ".log")), true)
                .writeString(report);
        return new Outcome(module, device, List.of(), read(report), nextpnrVersion());
    }

    /** The version number of a tool's version line: {@code 0.23} of {@code Yosys 0.23 (git sha1 ...)}. */
    private static String number(String versionLine) {
        Matcher m = Pattern.compile("(?:Version |Yosys )([0-9][^ )]*)").matcher(versionLine);
        return m.find() ? m.group(1).replaceAll("[^0-9A-Za-z.+-]", "") : "unknown";
    }

    private static long count(Map<String, Long> cells, FpgaFamily.Kind kind) {
        return cells.entrySet().stream().filter(e -> FpgaFamily.ICE40.kind(e.getKey()) == kind)
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static final Pattern FMAX = Pattern.compile("Max frequency for clock '[^']*': ([0-9.]+) MHz");
    private static final Pattern USED = Pattern.compile("^Info:\\s+(\\w+):\\s+(\\d+)/\\s*\\d+", Pattern.MULTILINE);

    /**
     * The figures of nextpnr's report: the last Fmax line (nextpnr prints one after placement, an
     * estimate, and one after routing) and the device utilisation.
     */
    static Placed read(String report) {
        Matcher f = FMAX.matcher(report);
        Double fmax = null;
        while (f.find()) {
            fmax = Double.parseDouble(f.group(1));
        }
        if (fmax == null) {
            throw new RtlBuildException("nextpnr-ice40 printed no 'Max frequency' line");
        }
        Map<String, Long> used = new LinkedHashMap<>();
        Matcher u = USED.matcher(report);
        while (u.find()) {
            used.putIfAbsent(u.group(1), Long.parseLong(u.group(2)));
        }
        return new Placed(used.getOrDefault("ICESTORM_LC", 0L), used.getOrDefault("ICESTORM_DSP", 0L),
                used.getOrDefault("SB_IO", 0L), fmax);
    }

    private static String toText(Outcome o) {
        StringBuilder b = new StringBuilder("# npu rtl synth --family ice40: the PE placed with nextpnr-ice40\n");
        b.append("nextpnr ").append(o.nextpnr()).append('\n');
        o.overflows().forEach(s -> b.append("overflow ").append(s).append('\n'));
        if (o.placed() != null) {
            Placed p = o.placed();
            b.append("placed ").append(p.cells()).append(' ').append(p.dsps()).append(' ').append(p.ios()).append(' ')
                    .append(p.fmaxMhz()).append('\n');
        }
        return b.toString();
    }

    private static Outcome fromText(String text, String module, Ice40Device device) {
        String nextpnr = null;
        List<String> over = new java.util.ArrayList<>();
        Placed placed = null;
        try {
            for (String line : text.split("\n")) {
                if (line.startsWith("nextpnr ")) {
                    nextpnr = line.substring(8);
                } else if (line.startsWith("overflow ")) {
                    over.add(line.substring(9));
                } else if (line.startsWith("placed ")) {
                    String[] f = line.split(" ");
                    placed = new Placed(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                            Double.parseDouble(f[4]));
                }
            }
        } catch (RuntimeException e) {
            return null; // a damaged cache file is rebuilt, not trusted
        }
        return nextpnr == null || (placed == null) == over.isEmpty() ? null
                : new Outcome(module, device, over, placed, nextpnr);
    }

    /** The version line of nextpnr-ice40, e.g. {@code nextpnr-ice40 -- Next Generation Place and Route (Version 0.4-1+b1)}. */
    public synchronized String nextpnrVersion() {
        if (version == null) {
            version = ExternalTool.run(List.of("nextpnr-ice40", "--version"), Path.of("."))
                    .lines().filter(l -> l.contains("Version")).findFirst().orElse("nextpnr-ice40 (unknown version)")
                    .trim();
        }
        return version;
    }
}
