package npukit.testbench.synth;

import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.arch.config.SramConfig;

/** The chips the analytic model was fitted on: gemmini's HBM, quant and control, 1 KiB memories, the array varied. */
final class FitConfigs {

    private FitConfigs() {
    }

    static ChipConfig chip(String name, int rows, int cols, String dataflow, int operandBits, int accumulatorBits) {
        ChipConfig g = ChipPresets.gemmini();
        Dataflow df = java.util.Arrays.stream(Dataflow.values()).filter(d -> d.fileName().equals(dataflow))
                .findFirst().orElseThrow();
        return new ChipConfig(name, "fit", new ArrayConfig(rows, cols, df, operandBits, accumulatorBits, PeType.LINEAR),
                new SramConfig(1, 1, 1, 4), g.hbm(), g.quant(), g.clock(), g.control(), g.energy());
    }
}
