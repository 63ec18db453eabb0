package npukit.arch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import npukit.arch.numerics.RoundingMode;

/**
 * The mapping between {@link ChipConfig} and the tree of a config file, written out field by field.
 * The key lists below are the file format: their order is the order in which files are written.
 */
final class ChipConfigTree {

    static final List<String> TOP_KEYS = List.of("name", "description", "array", "sram", "hbm", "control", "quant",
            "clock", "energy");
    static final List<String> ARRAY_KEYS = List.of(
            "rows", "cols", "dataflow", "operand-bits", "accumulator-bits", "pe", "weight-buffers", "lookup-table");
    static final List<String> SRAM_KEYS = List.of("scratchpad-kib", "accumulator-kib", "banks", "bank-port-bytes");
    static final List<String> HBM_KEYS = List.of("channels", "banks-per-channel", "bytes-per-cycle-per-channel",
            "burst-bytes", "row-bytes", "row-hit-cycles", "row-miss-cycles", "interleave-bytes", "capacity-mib");
    static final List<String> QUANT_KEYS = List.of("scheme", "rounding", "requant", "granularity", "symmetric",
            "weight-bits", "activation-bits", "multiplier-bits", "log-steps-per-octave", "stochastic-seed");
    static final List<String> CONTROL_KEYS = List.of("queue-depth", "dma-outstanding", "fetch-buffer");
    static final List<String> CLOCK_KEYS = List.of("frequency-mhz");
    static final List<String> ENERGY_KEYS = List.of("multiply-8bit-pj", "add-32bit-pj", "register-pj-per-byte",
            "hop-pj-per-byte", "sram-pj-per-byte", "sram-reference-kib", "sram-size-exponent", "hbm-pj-per-byte",
            "instruction-pj", "static-mw");

    private ChipConfigTree() {
    }

    static ObjectNode toTree(ChipConfig c) {
        return toTree(c, false);
    }

    /**
     * The tree of a config; with {@code defaults} also the optional array fields a file leaves out when
     * they hold their default (what {@link ChipVariants#values} lists), which the hash never sees.
     */
    static ObjectNode toTree(ChipConfig c, boolean defaults) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("name", c.name());
        root.put("description", c.description());

        ArrayConfig a = c.array();
        ObjectNode array = root.putObject("array")
                .put("rows", a.rows())
                .put("cols", a.cols())
                .put("dataflow", a.dataflow().fileName())
                .put("operand-bits", a.operandBits())
                .put("accumulator-bits", a.accumulatorBits())
                .put("pe", a.pe().fileName());
        // Written only when it differs from the default, so chips that predate the field keep their hash.
        if (defaults || a.weightBuffers() != ArrayConfig.DEFAULT_WEIGHT_BUFFERS) {
            array.put("weight-buffers", a.weightBuffers());
        }
        if (defaults || a.lookupTable()) {
            array.put("lookup-table", a.lookupTable());
        }

        SramConfig s = c.sram();
        root.putObject("sram")
                .put("scratchpad-kib", s.scratchpadKiB())
                .put("accumulator-kib", s.accumulatorKiB())
                .put("banks", s.banks())
                .put("bank-port-bytes", s.bankPortBytes());

        HbmConfig h = c.hbm();
        root.putObject("hbm")
                .put("channels", h.channels())
                .put("banks-per-channel", h.banksPerChannel())
                .put("bytes-per-cycle-per-channel", h.bytesPerCyclePerChannel())
                .put("burst-bytes", h.burstBytes())
                .put("row-bytes", h.rowBytes())
                .put("row-hit-cycles", h.rowHitCycles())
                .put("row-miss-cycles", h.rowMissCycles())
                .put("interleave-bytes", h.interleaveBytes())
                .put("capacity-mib", h.capacityMiB());

        ControlConfig k = c.control();
        root.putObject("control")
                .put("queue-depth", k.queueDepth())
                .put("dma-outstanding", k.dmaOutstanding())
                .put("fetch-buffer", k.fetchBuffer());

        QuantConfig q = c.quant();
        root.putObject("quant")
                .put("scheme", q.scheme().fileName())
                .put("rounding", q.rounding().cliName())
                .put("requant", q.requant().fileName())
                .put("granularity", q.granularity().fileName())
                .put("symmetric", q.symmetric())
                .put("weight-bits", q.weightBits())
                .put("activation-bits", q.activationBits())
                .put("multiplier-bits", q.multiplierBits())
                .put("log-steps-per-octave", q.logStepsPerOctave())
                .put("stochastic-seed", q.stochasticSeed());

        root.putObject("clock").put("frequency-mhz", c.clock().frequencyMhz());

        // Written only when it differs from the default, so chips that predate the energy model keep
        // their config hash and the programs and RTL stamped with it stay valid.
        EnergyConfig e = c.energy();
        if (!e.equals(EnergyConfig.horowitz45nm())) {
            root.putObject("energy")
                    .put("multiply-8bit-pj", e.multiply8BitPj())
                    .put("add-32bit-pj", e.add32BitPj())
                    .put("register-pj-per-byte", e.registerPjPerByte())
                    .put("hop-pj-per-byte", e.hopPjPerByte())
                    .put("sram-pj-per-byte", e.sramPjPerByte())
                    .put("sram-reference-kib", e.sramReferenceKiB())
                    .put("sram-size-exponent", e.sramSizeExponent())
                    .put("hbm-pj-per-byte", e.hbmPjPerByte())
                    .put("instruction-pj", e.instructionPj())
                    .put("static-mw", e.staticMw());
        }
        return root;
    }

    static ChipConfig fromTree(JsonNode tree, Path file) {
        NodeReader root = NodeReader.root(file, tree, TOP_KEYS);
        String name = root.text("name");
        String description = root.text("description", "");
        ArrayConfig array = readArray(root.section("array", ARRAY_KEYS));
        SramConfig sram = readSram(root.section("sram", SRAM_KEYS));
        HbmConfig hbm = readHbm(root.section("hbm", HBM_KEYS));
        ControlConfig control = readControl(root.optionalSection("control", CONTROL_KEYS), hbm);
        QuantConfig quant = readQuant(root.section("quant", QUANT_KEYS));
        ClockConfig clock = readClock(root.section("clock", CLOCK_KEYS));
        EnergyConfig energy = readEnergy(root.optionalSection("energy", ENERGY_KEYS));
        return root.build(() -> new ChipConfig(name, description, array, sram, hbm, quant, clock, control, energy));
    }

    private static ArrayConfig readArray(NodeReader r) {
        int rows = r.integer("rows");
        int cols = r.integer("cols");
        Dataflow dataflow = r.choice("dataflow", Dataflow.values(), Dataflow::fileName);
        int operandBits = r.integer("operand-bits");
        int accumulatorBits = r.integer("accumulator-bits");
        PeType pe = r.choice("pe", PeType.values(), PeType::fileName);
        int buffers = r.integer("weight-buffers", ArrayConfig.DEFAULT_WEIGHT_BUFFERS);
        boolean table = r.bool("lookup-table", false);
        return r.build(() -> new ArrayConfig(rows, cols, dataflow, operandBits, accumulatorBits, pe, buffers, table));
    }

    private static SramConfig readSram(NodeReader r) {
        int scratchpad = r.integer("scratchpad-kib");
        int accumulator = r.integer("accumulator-kib");
        int banks = r.integer("banks");
        int port = r.integer("bank-port-bytes");
        return r.build(() -> new SramConfig(scratchpad, accumulator, banks, port));
    }

    private static HbmConfig readHbm(NodeReader r) {
        int channels = r.integer("channels");
        int banks = r.integer("banks-per-channel");
        int rate = r.integer("bytes-per-cycle-per-channel");
        int burst = r.integer("burst-bytes");
        int row = r.integer("row-bytes");
        int hit = r.integer("row-hit-cycles");
        int miss = r.integer("row-miss-cycles");
        int interleave = r.integer("interleave-bytes");
        int capacity = r.integer("capacity-mib");
        return r.build(() -> new HbmConfig(channels, banks, rate, burst, row, hit, miss, interleave, capacity));
    }

    /** The section and each of its fields may be left out; what is missing takes its default. */
    private static ControlConfig readControl(NodeReader r, HbmConfig hbm) {
        ControlConfig d = ControlConfig.defaults(hbm);
        if (r == null) {
            return d;
        }
        int queueDepth = r.integer("queue-depth", d.queueDepth());
        int outstanding = r.integer("dma-outstanding", d.dmaOutstanding());
        int fetchBuffer = r.integer("fetch-buffer", d.fetchBuffer());
        return r.build(() -> new ControlConfig(queueDepth, outstanding, fetchBuffer));
    }

    private static QuantConfig readQuant(NodeReader r) {
        QuantScheme scheme = r.choice("scheme", QuantScheme.values(), QuantScheme::fileName);
        RoundingMode rounding = r.choice("rounding", RoundingMode.values(), RoundingMode::cliName);
        RequantPath requant = r.choice("requant", RequantPath.values(), RequantPath::fileName);
        Granularity granularity = r.choice("granularity", Granularity.values(), Granularity::fileName);
        boolean symmetric = r.bool("symmetric");
        int weightBits = r.integer("weight-bits");
        int activationBits = r.integer("activation-bits");
        int multiplierBits = r.integer("multiplier-bits");
        int steps = r.integer("log-steps-per-octave");
        long seed = r.longInteger("stochastic-seed");
        return r.build(() -> new QuantConfig(scheme, rounding, requant, granularity, symmetric,
                weightBits, activationBits, multiplierBits, steps, seed));
    }

    /** The section and each of its fields may be left out; what is missing takes Horowitz's figure. */
    private static EnergyConfig readEnergy(NodeReader r) {
        EnergyConfig d = EnergyConfig.horowitz45nm();
        if (r == null) {
            return d;
        }
        double multiply = r.number("multiply-8bit-pj", d.multiply8BitPj());
        double add = r.number("add-32bit-pj", d.add32BitPj());
        double register = r.number("register-pj-per-byte", d.registerPjPerByte());
        double hop = r.number("hop-pj-per-byte", d.hopPjPerByte());
        double sram = r.number("sram-pj-per-byte", d.sramPjPerByte());
        double reference = r.number("sram-reference-kib", d.sramReferenceKiB());
        double exponent = r.number("sram-size-exponent", d.sramSizeExponent());
        double hbm = r.number("hbm-pj-per-byte", d.hbmPjPerByte());
        double instruction = r.number("instruction-pj", d.instructionPj());
        double staticMw = r.number("static-mw", d.staticMw());
        return r.build(() -> new EnergyConfig(multiply, add, register, hop, sram, reference, exponent, hbm, instruction,
                staticMw));
    }

    private static ClockConfig readClock(NodeReader r) {
        double mhz = r.number("frequency-mhz");
        return r.build(() -> new ClockConfig(mhz));
    }
}
