package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import npukit.arch.numerics.RoundingMode;
import org.junit.jupiter.api.Test;

class ChipPresetsTest {

    @Test
    void namesAreTheDocumentedOnesInOrder() {
        assertEquals(List.of("tpu-v1", "gemmini", "eyeriss", "edge-cmsis", "vitis-dpu", "nnie", "vta", "ascend-cube"),
                ChipPresets.names());
    }

    @Test
    void getFindsEveryPreset() {
        for (ChipConfig c : ChipPresets.all()) {
            assertEquals(c, ChipPresets.get(c.name()));
            assertFalse(c.description().isBlank(), c.name());
        }
    }

    @Test
    void unknownNameListsAllNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChipPresets.get("tpu-v9"));
        assertEquals("unknown chip preset 'tpu-v9'; valid presets: tpu-v1, gemmini, eyeriss, edge-cmsis, vitis-dpu,"
                + " nnie, vta, ascend-cube", e.getMessage());
    }

    private static void assertQuant(String preset, QuantScheme scheme, RoundingMode rounding) {
        QuantConfig q = ChipPresets.get(preset).quant();
        assertSame(scheme, q.scheme(), preset);
        assertSame(rounding, q.rounding(), preset);
    }

    @Test
    void schemeAndRoundingFollowTheDocumentedConventions() {
        assertQuant("tpu-v1", QuantScheme.LINEAR, RoundingMode.HALF_AWAY);
        assertEquals(RequantPath.DOUBLE_ROUNDING, ChipPresets.tpuV1().quant().requant());
        assertQuant("gemmini", QuantScheme.LINEAR, RoundingMode.HALF_EVEN);
        assertEquals(Granularity.PER_TENSOR, ChipPresets.gemmini().quant().granularity());
        assertQuant("eyeriss", QuantScheme.POWER_OF_TWO, RoundingMode.FLOOR);
        assertQuant("edge-cmsis", QuantScheme.LINEAR, RoundingMode.HALF_AWAY);
        assertEquals(QuantConfig.tfliteInt8(), ChipPresets.edgeCmsis().quant());
        assertQuant("vitis-dpu", QuantScheme.POWER_OF_TWO, RoundingMode.HALF_UP);
        assertQuant("nnie", QuantScheme.LOGARITHMIC, RoundingMode.HALF_EVEN);
        assertEquals(16, ChipPresets.nnie().quant().logStepsPerOctave());
        assertQuant("vta", QuantScheme.POWER_OF_TWO, RoundingMode.FLOOR);
        assertQuant("ascend-cube", QuantScheme.LINEAR, RoundingMode.HALF_EVEN);
        assertEquals(RequantPath.SINGLE_ROUNDING, ChipPresets.ascendCube().quant().requant());
    }

    @Test
    void keyHardwareNumbers() {
        ChipConfig tpu = ChipPresets.tpuV1();
        assertEquals("256x256", tpu.array().shape());
        assertEquals(24576, tpu.sram().scratchpadKiB());
        assertEquals(4096, tpu.sram().accumulatorKiB());
        assertEquals(700.0, tpu.clock().frequencyMhz());
        assertEquals(2, tpu.hbm().channels());
        ChipConfig eyeriss = ChipPresets.eyeriss();
        assertEquals("12x14", eyeriss.array().shape());
        assertEquals(108, eyeriss.sram().scratchpadKiB() + eyeriss.sram().accumulatorKiB());
        assertEquals(16, eyeriss.array().operandBits());
        assertEquals(Dataflow.OS, ChipPresets.edgeCmsis().array().dataflow());
        assertEquals("8x8", ChipPresets.edgeCmsis().array().shape());
        assertEquals(100.0, ChipPresets.vta().clock().frequencyMhz());
        assertEquals(300.0, ChipPresets.vitisDpu().clock().frequencyMhz());
        assertEquals(PeType.LINEAR, ChipPresets.nnie().array().pe());
        assertEquals(256 * 1024, ChipPresets.gemmini().sram().scratchpadBytes());
    }
}
