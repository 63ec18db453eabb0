package npukit.testbench.verify;

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

/**
 * The chips of the co-validation suite: seven named ones covering 4x4 to 16x16, square and not,
 * WS, IS and OS, linear and log PEs, 8- and 16-bit operands, a narrow accumulator, three HBM
 * timings, queue depths 2 to 16 with 1 to 32 DMA requests in flight, fetch buffers of 4 to 64
 * instructions, some narrower than an instruction's bursts, one or two weight buffers on WS and
 * IS (GEMMs overlapping or not), three with the vector ALU's lookup table (6- and 8-bit codes); and
 * chips drawn from a seed, which no test names.
 */
final class SuiteChips {

    /** Two channels interleaved every 16 bytes, 8-byte bursts at 4 bytes a cycle, 12/30-cycle rows. */
    static final HbmConfig NARROW = new HbmConfig(2, 4, 4, 8, 256, 12, 30, 16, 1);
    /** One channel, 64-byte bursts at 8 bytes a cycle, 7/21-cycle rows. */
    static final HbmConfig WIDE = new HbmConfig(1, 8, 8, 64, 1024, 7, 21, 256, 4);
    /** Four channels, 32-byte bursts at 16 bytes a cycle, 2/5-cycle rows. */
    static final HbmConfig FAST = new HbmConfig(4, 2, 16, 32, 512, 2, 5, 64, 2);

    private static final ClockConfig CLOCK = new ClockConfig(500);

    private SuiteChips() {
    }

    static List<ChipConfig> named() {
        return List.of(
                chip("cv-4x4-ws-narrow", new ArrayConfig(4, 4, Dataflow.WS, 8, 32, PeType.LINEAR, 1, true),
                        new SramConfig(4, 2, 1, 8), NARROW, QuantConfig.tfliteInt8())
                        .withControl(new ControlConfig(2, 1, 4)),
                chip("cv-8x8-os-wide", new ArrayConfig(8, 8, Dataflow.OS, 8, 32, PeType.LINEAR),
                        new SramConfig(16, 8, 1, 8), WIDE, QuantConfig.powerOfTwo(RoundingMode.HALF_UP, 8))
                        .withControl(new ControlConfig(8, 32, 16)),
                chip("cv-16x16-ws-fast", new ArrayConfig(16, 16, Dataflow.WS, 8, 32, PeType.LINEAR, 2),
                        new SramConfig(32, 16, 1, 16), FAST,
                        QuantConfig.linearInt8(RoundingMode.HALF_EVEN, Granularity.PER_TENSOR))
                        .withControl(new ControlConfig(16, 16, 64)),
                chip("cv-8x4-is-narrow", new ArrayConfig(8, 4, Dataflow.IS, 8, 32, PeType.LINEAR, 2),
                        new SramConfig(8, 4, 1, 8), NARROW,
                        new QuantConfig(QuantScheme.LINEAR, RoundingMode.STOCHASTIC, RequantPath.SINGLE_ROUNDING,
                                Granularity.PER_CHANNEL, false, 8, 8, 16, 16, 0x5EED))
                        .withControl(new ControlConfig(4, 3, 8)),
                chip("cv-8x8-ws-log", new ArrayConfig(8, 8, Dataflow.WS, 8, 32, PeType.LOG, 1, true),
                        new SramConfig(16, 8, 1, 8), WIDE,
                        new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_AWAY, RequantPath.SINGLE_ROUNDING,
                                Granularity.PER_TENSOR, true, 8, 8, 32, 1, 1)),
                chip("cv-6x10-os-narrow-acc", new ArrayConfig(6, 10, Dataflow.OS, 6, 20, PeType.LINEAR, 1, true),
                        new SramConfig(8, 8, 1, 8), FAST,
                        new QuantConfig(QuantScheme.LINEAR, RoundingMode.FLOOR, RequantPath.SINGLE_ROUNDING,
                                Granularity.PER_TENSOR, false, 6, 6, 24, 16, 1)),
                chip("cv-4x4-is-int16", new ArrayConfig(4, 4, Dataflow.IS, 16, 32, PeType.LINEAR),
                        new SramConfig(4, 4, 1, 8), NARROW, QuantConfig.powerOfTwo(RoundingMode.FLOOR, 16)));
    }

    /** A chip drawn from the seed ({@link RandomChips}), which no test names. */
    static ChipConfig random(long seed) {
        return RandomChips.draw(seed, 0);
    }

    private static ChipConfig chip(String name, ArrayConfig array, SramConfig sram, HbmConfig hbm, QuantConfig quant) {
        return new ChipConfig(name, "co-validation suite chip", array, sram, hbm, quant, CLOCK);
    }
}
