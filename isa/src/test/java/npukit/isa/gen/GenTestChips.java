package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.Granularity;
import npukit.arch.config.HbmConfig;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.config.SramConfig;
import npukit.arch.numerics.RoundingMode;

/** The chips the generator is tested on: every preset and small custom arrays of each kind. */
final class GenTestChips {

    private GenTestChips() {
    }

    static ChipConfig custom(String name, int rows, int cols, Dataflow df, PeType pe, QuantConfig quant,
            SramConfig sram, HbmConfig hbm) {
        return new ChipConfig(name, "", new ArrayConfig(rows, cols, df, 8, 32, pe), sram, hbm, quant,
                ChipPresets.edgeCmsis().clock());
    }

    /** 4x4 WS, small SRAM, one narrow HBM channel with 16-byte bursts, and the VALU's lookup table. */
    static ChipConfig ws4x4() {
        return tabled(custom("gen-ws-4x4", 4, 4, Dataflow.WS, PeType.LINEAR, QuantConfig.tfliteInt8(),
                new SramConfig(4, 2, 1, 4), new HbmConfig(1, 4, 4, 16, 256, 3, 9, 64, 1)));
    }

    private static ChipConfig tabled(ChipConfig c) {
        return new ChipConfig(c.name(), c.description(), c.array().withLookupTable(true), c.sram(), c.hbm(), c.quant(),
                c.clock());
    }

    /** 8x4 OS with power-of-two requantization, two channels. */
    static ChipConfig os8x4() {
        return custom("gen-os-8x4", 8, 4, Dataflow.OS, PeType.LINEAR, QuantConfig.powerOfTwo(RoundingMode.HALF_UP, 8),
                new SramConfig(8, 4, 2, 4), new HbmConfig(2, 2, 8, 32, 512, 2, 7, 64, 2));
    }

    /** 4x8 IS with single-rounding linear requantization and stochastic rounding. */
    static ChipConfig is4x8() {
        QuantConfig q = new QuantConfig(QuantScheme.LINEAR, RoundingMode.STOCHASTIC, RequantPath.SINGLE_ROUNDING,
                Granularity.PER_CHANNEL, false, 8, 8, 16, 16, 7);
        return custom("gen-is-4x8", 4, 8, Dataflow.IS, PeType.LINEAR, q,
                new SramConfig(8, 4, 1, 8), new HbmConfig(1, 8, 8, 64, 1024, 4, 12, 256, 4));
    }

    /** 4x4 WS with logarithmic PEs and log quantization (one step per octave). */
    static ChipConfig log4x4() {
        QuantConfig q = new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_EVEN, RequantPath.SINGLE_ROUNDING,
                Granularity.PER_TENSOR, true, 8, 8, 32, 1, 1);
        return custom("gen-log-4x4", 4, 4, Dataflow.WS, PeType.LOG, q,
                new SramConfig(4, 2, 1, 4), new HbmConfig(1, 2, 4, 8, 64, 1, 3, 8, 1));
    }

    /** A narrow-accumulator chip: 6-bit operands in 1 byte, 16-bit accumulators, 3x5 OS, a lookup table. */
    static ChipConfig narrow3x5() {
        QuantConfig q = new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_EVEN, RequantPath.SINGLE_ROUNDING,
                Granularity.PER_TENSOR, false, 6, 6, 16, 16, 1);
        return new ChipConfig("gen-narrow-3x5", "", new ArrayConfig(3, 5, Dataflow.OS, 6, 16, PeType.LINEAR, 1, true),
                new SramConfig(2, 2, 1, 1), new HbmConfig(1, 1, 1, 1, 1, 1, 1, 1, 1), q,
                ChipPresets.edgeCmsis().clock());
    }

    static List<ChipConfig> customs() {
        return List.of(ws4x4(), os8x4(), is4x8(), log4x4(), narrow3x5());
    }

    static List<ChipConfig> all() {
        List<ChipConfig> out = new ArrayList<>(customs());
        out.addAll(ChipPresets.all());
        return out;
    }
}
