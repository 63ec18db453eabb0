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
}
