package npukit.testbench.compute;

import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.Granularity;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.config.SramConfig;
import npukit.arch.numerics.RoundingMode;

/**
 * The chips the compute unit is checked on: presets with the array, memories and quantization
 * replaced, small enough that a test fills every row it uses.
 */
final class ComputeConfigs {

    record Case(String name, ChipConfig chip) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ComputeConfigs() {
    }

    static List<Case> all() {
        QuantConfig stochastic = new QuantConfig(QuantScheme.LINEAR, RoundingMode.STOCHASTIC,
                RequantPath.SINGLE_ROUNDING, Granularity.PER_CHANNEL, false, 8, 8, 32, 16, 5);
        QuantConfig log = new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_EVEN,
                RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true, 8, 8, 32, 1, 1);
        return List.of(
                tabled(chip("4x4 ws", 4, 4, Dataflow.WS, 8, 32, PeType.LINEAR, ChipPresets.gemmini().quant())),
                chip("4x4 os", 4, 4, Dataflow.OS, 8, 32, PeType.LINEAR, QuantConfig.tfliteInt8()),
                chip("8x4 ws stochastic", 8, 4, Dataflow.WS, 8, 32, PeType.LINEAR, stochastic),
                chip("8x4 is", 8, 4, Dataflow.IS, 8, 24, PeType.LINEAR, ChipPresets.gemmini().quant()),
                tabled(chip("4x8 os", 4, 8, Dataflow.OS, 8, 20, PeType.LINEAR, ChipPresets.gemmini().quant())),
                chip("4x8 is int16", 4, 8, Dataflow.IS, 12, 32, PeType.LINEAR,
                        QuantConfig.powerOfTwo(RoundingMode.HALF_UP, 12)),
                tabled(chip("4x4 ws log", 4, 4, Dataflow.WS, 8, 32, PeType.LOG, log)),
                chip("4x4 is log", 4, 4, Dataflow.IS, 8, 16, PeType.LOG, log),
                chip("8x4 os log", 8, 4, Dataflow.OS, 8, 32, PeType.LOG, log));
    }

    // The same chip with the vector ALU's lookup table, its name saying so.
    private static Case tabled(Case c) {
        ChipConfig t = c.chip();
        ChipConfig chip = new ChipConfig(t.name() + "-lut", t.description(), t.array().withLookupTable(true), t.sram(),
                t.hbm(), t.quant(), t.clock());
        return new Case(c.name() + " lut", chip);
    }

    private static Case chip(String name, int rows, int cols, Dataflow dataflow, int operandBits, int accBits,
            PeType pe, QuantConfig quant) {
        ChipConfig base = ChipPresets.gemmini();
        ChipConfig chip = new ChipConfig(name.replaceAll("[^a-z0-9]+", "-"), "compute unit test",
                new ArrayConfig(rows, cols, dataflow, operandBits, accBits, pe),
                new SramConfig(1, 1, 1, 16), base.hbm(), quant, base.clock());
        return new Case(name, chip);
    }
}
