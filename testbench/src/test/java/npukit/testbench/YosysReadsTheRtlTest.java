package npukit.testbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.rtl.RtlEmitter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The emitted SystemVerilog is for synthesis too: Yosys must read and elaborate it for every preset. */
class YosysReadsTheRtlTest {

    static List<ChipConfig> presets() {
        return ChipPresets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void yosysElaboratesTheQuantUnit(ChipConfig chip, @TempDir Path dir) throws IOException {
        Path sv = dir.resolve("NpuQuantUnit.sv");
        Files.writeString(sv, RtlEmitter.quantUnit(chip.quant(), chip.array().accumulatorBits(), "NpuQuantUnit", chip.hash()));
        String log = ExternalTool.run(List.of("yosys", "-p",
                "read_verilog -sv " + sv + "; hierarchy -check -top NpuQuantUnit; proc; check -assert"), dir);
        assertTrue(log.contains("Top module:  \\NpuQuantUnit"), log);
    }

    /** Small NPUs of each dataflow, since Yosys elaborates every memory bit of a big one. */
    static List<ChipConfig> smallNpus() {
        ChipConfig g = ChipPresets.gemmini();
        return java.util.Arrays.stream(npukit.arch.config.Dataflow.values())
                .map(df -> new ChipConfig("yosys-4x4-" + df.fileName(), "",
                        new npukit.arch.config.ArrayConfig(4, 4, df, 8, 32, npukit.arch.config.PeType.LINEAR),
                        new npukit.arch.config.SramConfig(4, 4, 1, 4), g.hbm(), g.quant(), g.clock()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallNpus")
    void yosysElaboratesTheWholeNpu(ChipConfig chip, @TempDir Path dir) throws IOException {
        Path sv = dir.resolve("Npu.sv");
        Files.writeString(sv, RtlEmitter.npu(chip));
        String log = ExternalTool.run(List.of("yosys", "-p",
                "read_verilog -sv " + sv + "; hierarchy -check -top Npu; proc; check -assert"), dir);
        assertTrue(log.contains("Top module:  \\Npu"), log);
    }
}
