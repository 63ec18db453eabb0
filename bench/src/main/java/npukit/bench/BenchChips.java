package npukit.bench;

import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.SramConfig;

/** The benchmarks' chips: gemmini's settings on a square array of a given size and dataflow. */
final class BenchChips {

    private BenchChips() {
    }

    /** gemmini (int8 operands, 32-bit accumulators) on a size x size array with 4 MiB buffers. */
    static ChipConfig square(int size, Dataflow dataflow) {
        ChipConfig g = ChipPresets.gemmini();
        return new ChipConfig("bench-" + size + "x" + size + "-" + dataflow.fileName(),
                "gemmini on a " + size + "x" + size + " " + dataflow + " array with 4 MiB buffers (benchmark chip)",
                new ArrayConfig(size, size, dataflow, 8, 32, g.array().pe()),
                new SramConfig(4096, 4096, 4, 128), g.hbm(), g.quant(), g.clock());
    }
}
