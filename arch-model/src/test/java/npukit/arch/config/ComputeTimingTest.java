package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The duration formulas of microarchitecture.md's compute table, on a non-square array. */
class ComputeTimingTest {

    @Test
    void stationaryDataflowsPayThePreloadAndStreamTheirOperand() {
        ComputeTiming ws = new ComputeTiming(4, 6, Dataflow.WS);
        assertEquals(3 + 5 + 4 + 6 - 1, ws.gemm(5, 3, 2, true));
        assertEquals(5 + 4 + 6 - 1, ws.gemm(5, 3, 2, false));
        ComputeTiming is = new ComputeTiming(4, 6, Dataflow.IS);
        assertEquals(3 + 2 + 4 + 6 - 1, is.gemm(5, 3, 2, true));
    }

    @Test
    void outputStationaryStreamsKAndDrainsM() {
        ComputeTiming os = new ComputeTiming(4, 6, Dataflow.OS);
        assertEquals(100 + 4 + 6 - 2 + 3, os.gemm(3, 100, 2, false));
    }

    @Test
    void quantAndValu() {
        ComputeTiming t = ComputeTiming.of(ChipPresets.gemmini().array());
        assertEquals(7 + 6, t.quant(7));
        assertEquals(7 + 2, t.valu(7));
    }
}
