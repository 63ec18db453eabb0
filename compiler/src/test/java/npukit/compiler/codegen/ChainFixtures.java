package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.SramConfig;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Geometry;
import npukit.isa.gen.QuantParams;

/** Seeded random layers and chains, and the chips the code generator is tested on. */
final class ChainFixtures {

    private ChainFixtures() {
    }

    static ChipConfig withDataflow(ChipConfig c, String name, Dataflow df) {
        ArrayConfig a = c.array();
        return new ChipConfig(name, c.description(), new ArrayConfig(a.rows(), a.cols(), df, a.operandBits(),
                a.accumulatorBits(), a.pe()), c.sram(), c.hbm(), c.quant(), c.clock());
    }

    /**
     * A 4x4 chip with 256 scratchpad rows and 128 accumulator rows, so layers need many tiles. The
     * accumulators must still hold one QUANT parameter set (4 rows) per output column, which IS (and OS
     * feeding a next layer) need with per-column registers.
     */
    static ChipConfig tiny(Dataflow df) {
        ChipConfig g = ChipPresets.gemmini();
        return new ChipConfig("tiny-" + df.name().toLowerCase(), "4x4 test chip with 1 KiB scratchpad and 2 KiB accumulators",
                new ArrayConfig(4, 4, df, 8, 32, g.array().pe()), new SramConfig(1, 2, 1, 4), g.hbm(), g.quant(),
                g.clock());
    }

    /** A layer with random W-bit weights and random valid per-column quant registers (or raw output). */
    static NpuLayer layer(ChipConfig chip, String name, int m, int k, int n, NpuLayer.Output output,
            boolean relu, SplittableRandom rnd) {
        Geometry g = Geometry.of(chip);
        int[] w = codes(k * n, g.operandBits(), rnd);
        List<QuantUnitRegs> lanes = new ArrayList<>();
        if (output == NpuLayer.Output.QUANTIZED) {
            QuantParams qp = new QuantParams(g, chip.quant());
            int log2k = 32 - Integer.numberOfLeadingZeros(Math.max(1, k - 1));
            int accBits = Math.min(g.accumulatorBits() - 1, 2 * g.operandBits() - 2 + log2k);
            for (int j = 0; j < n; j++) {
                QuantUnitRegs r = qp.random(accBits, rnd);
                lanes.add(new QuantUnitRegs(r.bias(), r.multiplier(), r.shift(), r.zeroPoint(), relu));
            }
        }
        return new NpuLayer(name, m, k, n, w, lanes, output);
    }

    /** Random signed codes of the given width. */
    static int[] codes(int count, int bits, SplittableRandom rnd) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = rnd.nextInt(-(1 << (bits - 1)), 1 << (bits - 1));
        }
        return out;
    }

    /** A chain m x dims[0] -> dims[1] -> ..., all quantized but the last, whose output kind is given. */
    static List<NpuLayer> chain(ChipConfig chip, int m, int[] dims, NpuLayer.Output last, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<NpuLayer> out = new ArrayList<>();
        for (int l = 0; l + 1 < dims.length; l++) {
            boolean isLast = l + 2 == dims.length;
            out.add(layer(chip, "l" + l, m, dims[l], dims[l + 1], isLast ? last : NpuLayer.Output.QUANTIZED,
                    rnd.nextBoolean(), rnd));
        }
        return out;
    }
}
