package npukit.testbench.npu;

import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.HbmConfig;
import npukit.arch.config.PeType;
import npukit.arch.config.SramConfig;

/** Small chips for the NPU RTL tests: two array shapes, each with two HBM timings. */
final class NpuTestChips {

    /** One channel, 64-byte bursts, slow row misses: few requests per row, long waits. */
    static final HbmConfig WIDE_BURSTS = new HbmConfig(1, 8, 8, 64, 1024, 7, 21, 256, 64);
    /**
     * Two channels interleaved every 16 bytes, 8-byte bursts at 4 bytes a cycle, 12 to 30 cycles of
     * latency: rows split into many requests, more than 8 are in flight, and responses come back out
     * of issue order.
     */
    static final HbmConfig NARROW_BURSTS = new HbmConfig(2, 4, 4, 8, 256, 12, 30, 16, 1);

    private NpuTestChips() {
    }

    static ChipConfig chip(int rows, int cols, Dataflow dataflow, HbmConfig hbm, String name) {
        ChipConfig base = ChipPresets.edgeCmsis();
        return new ChipConfig(name, "NPU RTL test chip", new ArrayConfig(rows, cols, dataflow, 8, 32, PeType.LINEAR),
                new SramConfig(4, 2, 1, 8), hbm, base.quant(), base.clock());
    }

    static List<ChipConfig> all() {
        return List.of(
                chip(4, 4, Dataflow.WS, NARROW_BURSTS, "rtl-4x4-narrow"),
                chip(4, 4, Dataflow.WS, WIDE_BURSTS, "rtl-4x4-wide"),
                chip(8, 8, Dataflow.OS, WIDE_BURSTS, "rtl-8x8-wide"),
                chip(8, 8, Dataflow.OS, NARROW_BURSTS, "rtl-8x8-narrow"));
    }
}
