package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ClockConfig;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.Granularity;
import npukit.arch.config.HbmConfig;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.config.SramConfig;
import npukit.arch.numerics.RoundingMode;
import npukit.isa.Assembler;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.Program;

/** Small chips whose numbers are easy to follow by hand, and a runner that checks both modes agree. */
final class TestChips {

    private TestChips() {
    }

    /**
     * HBM: 2 channels x 2 banks, 8 bytes per cycle per channel, 16-byte bursts and interleave, 64-byte
     * rows, row hit 2, row miss 5. Mapping: channel = (a / 16) mod 2, local = (a / 32) * 16 + a mod 16,
     * bank = (local / 64) mod 2, row = local / 128.
     */
    static final HbmConfig HBM = new HbmConfig(2, 2, 8, 16, 64, 2, 5, 16, 1);

    static final QuantConfig LINEAR = QuantConfig.linearInt8(RoundingMode.HALF_EVEN, Granularity.PER_TENSOR);

    /** R = 4, C = 8 (so D = 8, sp rows of 8 bytes, acc rows of 32 bytes), int8 operands. */
    static ChipConfig chip(Dataflow dataflow) {
        return chip(4, 8, dataflow, 32, PeType.LINEAR, LINEAR);
    }

    static ChipConfig chip(int rows, int cols, Dataflow dataflow, int accBits, PeType pe, QuantConfig quant) {
        return new ChipConfig("test-" + dataflow.fileName(), "",
                new ArrayConfig(rows, cols, dataflow, 8, accBits, pe),
                new SramConfig(1, 1, 1, 4), HBM, quant, new ClockConfig(1000));
    }

    /** The 4x8 chip of that dataflow with two weight registers per PE: its GEMMs overlap. */
    static ChipConfig doubleBuffered(Dataflow dataflow) {
        return new ChipConfig("test-" + dataflow.fileName() + "-2wb", "",
                new ArrayConfig(4, 8, dataflow, 8, 32, PeType.LINEAR, 2),
                new SramConfig(1, 1, 1, 4), HBM, LINEAR, new ClockConfig(1000));
    }

    /** The 4x8 WS chip on another HBM, with the given controller sizes. */
    static ChipConfig withHbm(String name, HbmConfig hbm, ControlConfig control) {
        return new ChipConfig(name, "", new ArrayConfig(4, 8, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(1, 1, 1, 4), hbm, LINEAR, new ClockConfig(1000), control);
    }

    /** A log-PE chip: b operands are sign + exponent codes. */
    static ChipConfig logChip(Dataflow dataflow) {
        QuantConfig log = new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_EVEN, RequantPath.SINGLE_ROUNDING,
                Granularity.PER_TENSOR, true, 8, 8, 32, 1, 1);
        return chip(4, 8, dataflow, 32, PeType.LOG, log);
    }

    static Program program(ChipConfig chip, String asm, List<HbmSegment> image) {
        return Program.of(chip, new Assembler(Geometry.of(chip)).assemble(asm, "test"), image);
    }

    /** Runs functionally and timing-only, checks the two agree on counters and timings, returns the first. */
    static SimulationResult run(ChipConfig chip, String asm, List<HbmSegment> image) {
        Program p = program(chip, asm, image);
        SimulationResult functional = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(p);
        SimulationResult timing = new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(p);
        assertEquals(functional.counters(), timing.counters());
        assertEquals(functional.timings(), timing.timings());
        assertArrayEquals(new byte[0], timing.scratchpad());
        return functional;
    }

    static SimulationResult run(ChipConfig chip, String asm) {
        return run(chip, asm, List.of());
    }
}
