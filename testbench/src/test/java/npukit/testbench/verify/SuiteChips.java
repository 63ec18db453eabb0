package npukit.testbench.verify;

import java.util.List;
import java.util.SplittableRandom;
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
import npukit.isa.InstructionFormat;

/**
 * The chips of the co-validation suite: seven named ones covering 4x4 to 16x16, square and not,
 * WS, IS and OS, linear and log PEs, 8- and 16-bit operands, a narrow accumulator, three HBM
 * timings, and queue depths 2 to 16 with 1 to 16 DMA requests in flight; and chips drawn from a
 * seed, which no test names.
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
                chip("cv-4x4-ws-narrow", new ArrayConfig(4, 4, Dataflow.WS, 8, 32, PeType.LINEAR),
                        new SramConfig(4, 2, 1, 8), NARROW, QuantConfig.tfliteInt8())
                        .withControl(new ControlConfig(2, 1)),
                chip("cv-8x8-os-wide", new ArrayConfig(8, 8, Dataflow.OS, 8, 32, PeType.LINEAR),
                        new SramConfig(16, 8, 1, 8), WIDE, QuantConfig.powerOfTwo(RoundingMode.HALF_UP, 8)),
                chip("cv-16x16-ws-fast", new ArrayConfig(16, 16, Dataflow.WS, 8, 32, PeType.LINEAR),
                        new SramConfig(32, 16, 1, 16), FAST,
                        QuantConfig.linearInt8(RoundingMode.HALF_EVEN, Granularity.PER_TENSOR))
                        .withControl(new ControlConfig(16, 16)),
                chip("cv-8x4-is-narrow", new ArrayConfig(8, 4, Dataflow.IS, 8, 32, PeType.LINEAR),
                        new SramConfig(8, 4, 1, 8), NARROW,
                        new QuantConfig(QuantScheme.LINEAR, RoundingMode.STOCHASTIC, RequantPath.SINGLE_ROUNDING,
                                Granularity.PER_CHANNEL, false, 8, 8, 16, 16, 0x5EED))
                        .withControl(new ControlConfig(4, 3)),
                chip("cv-8x8-ws-log", new ArrayConfig(8, 8, Dataflow.WS, 8, 32, PeType.LOG),
                        new SramConfig(16, 8, 1, 8), WIDE,
                        new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_AWAY, RequantPath.SINGLE_ROUNDING,
                                Granularity.PER_TENSOR, true, 8, 8, 32, 1, 1)),
                chip("cv-6x10-os-narrow-acc", new ArrayConfig(6, 10, Dataflow.OS, 6, 20, PeType.LINEAR),
                        new SramConfig(8, 8, 1, 8), FAST,
                        new QuantConfig(QuantScheme.LINEAR, RoundingMode.FLOOR, RequantPath.SINGLE_ROUNDING,
                                Granularity.PER_TENSOR, false, 6, 6, 24, 16, 1)),
                chip("cv-4x4-is-int16", new ArrayConfig(4, 4, Dataflow.IS, 16, 32, PeType.LINEAR),
                        new SramConfig(4, 4, 1, 8), NARROW, QuantConfig.powerOfTwo(RoundingMode.FLOOR, 16)));
    }

    /**
     * A chip drawn from the seed: array 2..8 by 2..8, any dataflow, log PEs one time in four, any
     * quant scheme and deterministic or stochastic rounding, 4- to 16-bit operands, 2W- to 32-bit
     * accumulators, HBM geometry and latencies that the config rules allow, queues of 1 to 16 and 1 to
     * 16 DMA requests in flight.
     */
    static ChipConfig random(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        while (true) {
            ChipConfig chip = draw(seed, rnd);
            if (fitsTheEncoding(chip)) {
                return chip;
            }
        }
    }

    private static ChipConfig draw(long seed, SplittableRandom rnd) {
        int rows = rnd.nextInt(2, 9);
        int cols = rnd.nextInt(2, 9);
        Dataflow df = Dataflow.values()[rnd.nextInt(3)];
        boolean log = rnd.nextInt(4) == 0;
        int w = rnd.nextInt(3) == 0 ? rnd.nextInt(4, 17) : 8;
        int a = rnd.nextInt(Math.max(16, 2 * w), 33);
        QuantConfig quant = log ? logQuant(rnd, w, 1) : randomQuant(rnd, w);
        int channels = 1 << rnd.nextInt(3);
        int banks = 1 << rnd.nextInt(4);
        int perCycle = 1 << rnd.nextInt(5);
        int rowBytes = Math.max(perCycle, 1 << rnd.nextInt(6, 11));
        int burst = perCycle << rnd.nextInt(Integer.numberOfTrailingZeros(rowBytes / perCycle) + 1);
        int interleave = burst << rnd.nextInt(Integer.numberOfTrailingZeros(rowBytes / burst) + 1);
        int hit = rnd.nextInt(1, 11);
        int miss = hit + rnd.nextInt(0, 25);
        HbmConfig hbm = new HbmConfig(channels, banks, perCycle, burst, rowBytes, hit, miss, interleave, 1);
        int portBytes = 1 << rnd.nextInt(4);
        SramConfig sram = new SramConfig(rnd.nextInt(4, 17), rnd.nextInt(4, 9), 1, portBytes);
        ControlConfig control = new ControlConfig(rnd.nextInt(1, 17), rnd.nextInt(1, 17));
        return chip("cv-random-" + Long.toHexString(seed), new ArrayConfig(rows, cols, df, w, a,
                log ? PeType.LOG : PeType.LINEAR), sram, hbm, quant).withControl(control);
    }

    private static QuantConfig randomQuant(SplittableRandom rnd, int w) {
        RoundingMode[] modes = RoundingMode.values();
        int bits = rnd.nextInt(2, w + 1);
        return switch (rnd.nextInt(4)) {
            case 0 -> new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_AWAY, RequantPath.DOUBLE_ROUNDING,
                    Granularity.PER_CHANNEL, false, bits, bits, 32, 16, rnd.nextLong());
            case 1 -> new QuantConfig(QuantScheme.LINEAR, modes[rnd.nextInt(modes.length)], RequantPath.SINGLE_ROUNDING,
                    Granularity.PER_TENSOR, rnd.nextBoolean(), bits, bits, rnd.nextInt(2, 33), 16, rnd.nextLong());
            case 2 -> new QuantConfig(QuantScheme.POWER_OF_TWO, modes[rnd.nextInt(modes.length)],
                    RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true, bits, bits, 32, 16, rnd.nextLong());
            default -> logQuant(rnd, w, rnd.nextInt(1, 17));
        };
    }

    private static QuantConfig logQuant(SplittableRandom rnd, int w, int steps) {
        RoundingMode mode;
        do {
            mode = RoundingMode.values()[rnd.nextInt(RoundingMode.values().length)];
        } while (mode.isStochastic());
        int bits = rnd.nextInt(2, w + 1);
        return new QuantConfig(QuantScheme.LOGARITHMIC, mode, RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true,
                bits, bits, 32, steps, 1);
    }

    private static boolean fitsTheEncoding(ChipConfig chip) {
        try {
            InstructionFormat.forConfig(chip);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ChipConfig chip(String name, ArrayConfig array, SramConfig sram, HbmConfig hbm, QuantConfig quant) {
        return new ChipConfig(name, "co-validation suite chip", array, sram, hbm, quant, CLOCK);
    }
}
