package npukit.arch.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import npukit.arch.io.UserException;
import npukit.arch.numerics.RoundingMode;

/**
 * Turns a SCALE-Sim v2 {@code .cfg} file into a {@link ChipConfig}. SCALE-Sim describes far less than
 * a chip (no data widths, numerics, memory timing or clock), so every value it does not give is
 * assumed, and every assumption, and every SCALE-Sim key that is ignored, is listed in
 * {@link Imported#assumptions()} for the user to read.
 */
public final class ScaleSimConfigImporter {

    /** The imported chip and one line per assumed value or ignored key, in a fixed order. */
    public record Imported(ChipConfig config, List<String> assumptions) {
        public Imported {
            assumptions = List.copyOf(assumptions);
        }
    }

    private static final String GENERAL = "general";
    private static final String ARCH = "architecture_presets";
    private static final String RUN = "run_presets";
    private static final Set<String> USED_ARCH_KEYS = Set.of("ArrayHeight", "ArrayWidth", "IfmapSramSzkB",
            "FilterSramSzkB", "OfmapSramSzkB", "Dataflow", "Bandwidth", "MemoryBanks");
    private static final Set<String> OFFSET_KEYS = Set.of("IfmapOffset", "FilterOffset", "OfmapOffset");
    private static final int MAX_BANDWIDTH = 1024;
    private static final int HBM_BANKS = 16;
    private static final int HBM_ROW_BYTES = 2048;
    private static final int HBM_CAPACITY_MIB = 4096;
    private static final double CLOCK_MHZ = 1000;

    // Record fields whose value comes straight from one SCALE-Sim key, so their range errors can
    // name that key instead of this toolkit's field.
    private static final Map<String, String> KEY_OF_FIELD = Map.of(
            "rows", "ArrayHeight",
            "cols", "ArrayWidth",
            "scratchpad-kib", "IfmapSramSzkB + FilterSramSzkB",
            "accumulator-kib", "OfmapSramSzkB",
            "sram.accumulator-kib", "OfmapSramSzkB");

    private ScaleSimConfigImporter() {
    }

    public static Imported read(Path cfg) {
        IniFile ini = IniFile.read(cfg);
        if (!ini.hasSection(ARCH)) {
            throw ConfigFileException.at(cfg, "[" + ARCH + "]: missing section");
        }
        List<String> assumptions = new ArrayList<>();
        String name = name(ini, assumptions);

        int rows = positive(ini, "ArrayHeight");
        int cols = positive(ini, "ArrayWidth");
        Dataflow dataflow = dataflow(ini);
        ArrayConfig array = build(cfg, () -> new ArrayConfig(rows, cols, dataflow, 8, 32, PeType.LINEAR));
        assumptions.add("array.operand-bits = 8, array.accumulator-bits = 32: SCALE-Sim has no data widths;"
                + " int8 operands and int32 accumulators assumed");
        assumptions.add("array.pe = linear: SCALE-Sim has no PE type; multiplier PEs assumed");

        SramConfig sram = sram(ini, array, assumptions);
        HbmConfig hbm = hbm(ini, assumptions);

        QuantConfig quant = QuantConfig.linearInt8(RoundingMode.HALF_EVEN, Granularity.PER_CHANNEL);
        assumptions.add("quant: SCALE-Sim models no numerics; assumed linear int8, single rounding, half-even,"
                + " per-channel weights, asymmetric activations");
        assumptions.add("clock.frequency-mhz = 1000: SCALE-Sim counts cycles only; 1 GHz assumed");
        ControlConfig control = ControlConfig.defaults();
        assumptions.add("control.queue-depth = " + control.queueDepth() + ", control.dma-outstanding = "
                + control.dmaOutstanding() + ": SCALE-Sim has no instruction queues or DMA engines; the defaults"
                + " assumed");
        ignored(ini, assumptions);

        String description = "Imported from SCALE-Sim config " + cfg.getFileName()
                + "; data widths, PE type, quantization, SRAM port width, memory timing and geometry,"
                + " and the clock are assumptions.";
        ChipConfig config = build(cfg, () -> new ChipConfig(name, description, array, sram, hbm, quant,
                new ClockConfig(CLOCK_MHZ), control));
        return new Imported(config, assumptions);
    }

    private static String name(IniFile ini, List<String> assumptions) {
        var runName = ini.get(GENERAL, "run_name");
        String raw = runName.map(IniFile.Entry::value).orElseGet(() -> stem(ini.file()));
        String clean = sanitise(raw);
        if (runName.isEmpty()) {
            assumptions.add("name = " + clean + ": no [general] run_name; taken from the file name");
        } else if (!clean.equals(raw)) {
            assumptions.add("name = " + clean + ": run_name '" + UserException.excerpt(raw) + "' changed to fit the name pattern"
                    + " (lower-case letters, digits and '-', at most 64)");
        }
        return clean;
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    static String sanitise(String raw) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+", "");
        if (s.length() > 64) {
            s = s.substring(0, 64);
        }
        s = s.replaceAll("-+$", "");
        return s.isEmpty() ? "scalesim" : s;
    }

    private static Dataflow dataflow(IniFile ini) {
        IniFile.Entry e = required(ini, "Dataflow");
        for (Dataflow d : Dataflow.values()) {
            if (d.fileName().equals(e.value().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw valueError(ini, e, "must be one of " + Dataflow.validNames());
    }

    private static SramConfig sram(IniFile ini, ArrayConfig array, List<String> assumptions) {
        int ifmap = positive(ini, "IfmapSramSzkB");
        int filter = positive(ini, "FilterSramSzkB");
        int ofmap = positive(ini, "OfmapSramSzkB");
        long scratchpadLong = (long) ifmap + filter;
        int scratchpad = (int) Math.min(scratchpadLong, Integer.MAX_VALUE);
        assumptions.add("sram.scratchpad-kib = " + scratchpadLong + ": IfmapSramSzkB + FilterSramSzkB = " + ifmap
                + " + " + filter + "; the ifmap and filter buffers share one scratchpad");

        var banksEntry = ini.get(ARCH, "MemoryBanks");
        int banks = 1;
        if (banksEntry.isEmpty()) {
            assumptions.add("sram.banks = 1: no MemoryBanks; one bank assumed");
        } else {
            int given = positive(ini, "MemoryBanks");
            if (given > 64) {
                throw valueError(ini, banksEntry.get(), "must be between 1 and 64");
            }
            banks = nextPowerOfTwo(given);
            if (banks != given) {
                assumptions.add("sram.banks = " + banks + ": MemoryBanks = " + given + " rounded up to a power of two");
            }
        }
        // SCALE-Sim feeds one word (one byte) per array row or column per cycle; the port is sized for
        // the wider edge, then narrowed until both memories split into whole words per bank.
        int port = Math.min(1024, nextPowerOfTwo(Math.max(array.rows(), array.cols())));
        while ((scratchpad * 1024L) % ((long) banks * port) != 0 || (ofmap * 1024L) % ((long) banks * port) != 0) {
            port /= 2;
        }
        assumptions.add("sram.bank-port-bytes = " + port + ": SCALE-Sim has no port width; one byte per row or"
                + " column of the array's wider edge, rounded to a power of two that splits the memories into"
                + " whole words");
        int finalBanks = banks;
        int finalPort = port;
        return build(ini.file(), () -> new SramConfig(scratchpad, ofmap, finalBanks, finalPort));
    }

    private static HbmConfig hbm(IniFile ini, List<String> assumptions) {
        IniFile.Entry e = required(ini, "Bandwidth");
        int bandwidth = positive(ini, "Bandwidth");
        if (bandwidth > MAX_BANDWIDTH) {
            throw valueError(ini, e, "must be between 1 and " + MAX_BANDWIDTH
                    + " bytes per cycle (one channel of at most " + MAX_BANDWIDTH + " bytes per cycle)");
        }
        int rate = nextPowerOfTwo(bandwidth);
        int burst = Math.max(64, rate);
        int interleave = Math.max(256, burst);
        assumptions.add("hbm.channels = 1, hbm.bytes-per-cycle-per-channel = " + rate + ": Bandwidth = " + bandwidth
                + " words per cycle (one word = one byte) on one channel, rounded up to a power of two");
        assumptions.add("hbm: SCALE-Sim's memory has no latency or geometry; assumed " + HBM_BANKS
                + " banks per channel, " + burst + "-byte bursts, " + HBM_ROW_BYTES + "-byte rows, row hit ="
                + " row miss = 1 cycle (no open-row penalty), " + interleave + "-byte interleave, "
                + HBM_CAPACITY_MIB + " MiB");
        return new HbmConfig(1, HBM_BANKS, rate, burst, HBM_ROW_BYTES, 1, 1, interleave, HBM_CAPACITY_MIB);
    }

    private static void ignored(IniFile ini, List<String> assumptions) {
        for (var section : ini.sections().entrySet()) {
            for (IniFile.Entry e : section.getValue().values()) {
                String where = "[" + UserException.excerpt(section.getKey()) + "] " + UserException.excerpt(e.key()) + " = "
                        + UserException.excerpt(e.value());
                if (section.getKey().equals(ARCH) && USED_ARCH_KEYS.contains(e.key())
                        || section.getKey().equals(GENERAL) && e.key().equals("run_name")) {
                    continue;
                }
                if (section.getKey().equals(ARCH) && OFFSET_KEYS.contains(e.key())) {
                    assumptions.add("ignored " + where + ": addresses are placed by the compiler's memory planner");
                } else if (section.getKey().equals(RUN) && e.key().equals("InterfaceBandwidth")) {
                    assumptions.add("ignored " + where + ": the HBM rate always comes from Bandwidth, as"
                            + " SCALE-Sim's USER mode would use it");
                } else {
                    assumptions.add("ignored " + where + ": no equivalent in this toolkit");
                }
            }
        }
    }

    private static IniFile.Entry required(IniFile ini, String key) {
        return ini.get(ARCH, key).orElseThrow(() -> ConfigFileException.at(ini.file(), "[" + ARCH + "] " + key
                + ": missing"));
    }

    private static int positive(IniFile ini, String key) {
        IniFile.Entry e = required(ini, key);
        try {
            int v = Integer.parseInt(e.value());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException notAnInteger) {
            // reported below with the key and value
        }
        throw valueError(ini, e, "must be a positive integer");
    }

    private static ConfigFileException valueError(IniFile ini, IniFile.Entry e, String allowed) {
        return ConfigFileException.at(ini.file(), "[" + ARCH + "] " + e.key() + " = " + UserException.excerpt(e.value()) + ": " + allowed);
    }

    private static <T> T build(Path file, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigException e) {
            String key = KEY_OF_FIELD.get(e.field());
            String where = key == null ? e.field() : "[" + ARCH + "] " + key;
            throw ConfigFileException.at(file, where + " = " + e.value() + ": " + e.allowed(), e);
        }
    }

    private static int nextPowerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
