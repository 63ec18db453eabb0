package npukit.testbench.verify;

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
import npukit.arch.io.UserException;
import npukit.arch.numerics.RoundingMode;
import npukit.isa.InstructionFormat;

/**
 * Valid chips drawn from a seed, small enough to verilate in about a minute: arrays 2..8 by 2..8,
 * any dataflow, log PEs one time in four, any quant scheme and rounding mode (stochastic too), 4- to
 * 16-bit operands, 2W- to 32-bit accumulators, scratchpads of 1..16 KiB and accumulator memories of
 * 1..8 KiB in 1..4 banks, HBM geometry, rates and latencies across what the config rules allow, and
 * queues of 1 to 16 instructions with 1 to 16 DMA requests in flight, a fetch buffer of one to eight
 * bursts (at least one instruction), and one or two weight buffers on WS and IS arrays.
 * Chip {@code index} of seed {@code s} is always the same chip.
 */
public final class RandomChips {

    private static final ClockConfig CLOCK = new ClockConfig(500);

    private RandomChips() {
    }

    /** Chip {@code index} of the series drawn from {@code seed}. */
    public static ChipConfig draw(long seed, int index) {
        SplittableRandom rnd = new SplittableRandom(seed ^ (0xD1B54A32D192ED03L * (index + 1L)));
        String name = "random-" + Long.toHexString(seed) + "-" + index;
        while (true) {
            try {
                ChipConfig chip = draw(name, rnd);
                InstructionFormat.forConfig(chip);
                return chip;
            } catch (UserException | IllegalArgumentException e) {
                // a combination the config rules or the 128-bit encoding refuse: draw again
            }
        }
    }

    private static ChipConfig draw(String name, SplittableRandom rnd) {
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
        SramConfig sram = new SramConfig(rnd.nextInt(1, 17), rnd.nextInt(1, 9), 1 << rnd.nextInt(3), 1 << rnd.nextInt(4));
        int fetch = Math.max(1, burst / ControlConfig.INSTRUCTION_BYTES) << rnd.nextInt(4);
        ControlConfig control = new ControlConfig(rnd.nextInt(1, 17), rnd.nextInt(1, 17), fetch);
        int weightBuffers = df != Dataflow.OS && rnd.nextBoolean() ? 2 : 1;
        boolean table = w <= ArrayConfig.MAX_LOOKUP_BITS && rnd.nextInt(3) == 0;
        return new ChipConfig(name, "drawn by RandomChips", new ArrayConfig(rows, cols, df, w, a,
                log ? PeType.LOG : PeType.LINEAR, weightBuffers, table), sram, hbm, quant, CLOCK).withControl(control);
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
}
