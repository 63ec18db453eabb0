package npukit.isa;

import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.HbmConfig;
import npukit.arch.config.PeType;
import npukit.arch.config.SramConfig;

/** Small hand-checkable chips for the tests. */
final class TestChips {

    private TestChips() {
    }

    /**
     * 4x4 int8 array, 1 KiB scratchpad (256 rows of 4 bytes), 1 KiB accumulators (64 rows of 16
     * bytes), 1 MiB HBM: row fields 8 bits, counts 9, hbm 20, k 3, bytes 5.
     */
    static ChipConfig tiny(Dataflow dataflow) {
        ChipConfig base = ChipPresets.edgeCmsis();
        return new ChipConfig("tiny-" + dataflow.fileName(), "", new ArrayConfig(4, 4, dataflow, 8, 32, PeType.LINEAR),
                new SramConfig(1, 1, 1, 1), new HbmConfig(1, 1, 1, 1, 1, 1, 1, 1, 1), base.quant(), base.clock());
    }

    /** A 1x1 array with 1 GiB of each SRAM and 1 TiB of HBM: LOAD needs 153 bits. */
    static ChipConfig huge() {
        ChipConfig base = ChipPresets.edgeCmsis();
        return new ChipConfig("huge", "", new ArrayConfig(1, 1, Dataflow.OS, 8, 32, PeType.LINEAR),
                new SramConfig(1 << 20, 1 << 20, 1, 1), new HbmConfig(1, 1, 1, 1, 1, 1, 1, 1, 1 << 20), base.quant(),
                base.clock());
    }
}
