package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.gen.GemmMapping;
import org.junit.jupiter.api.Test;

/** The search's count of a layer's QUANT parameter sets, which decides whether a tiling fits, is the sets made. */
class QuantSetsTest {

    @Test
    void countIsTheNumberOfSetsMade() {
        int n = 37;
        List<QuantUnitRegs> same = new ArrayList<>();
        List<QuantUnitRegs> perColumn = new ArrayList<>();
        List<QuantUnitRegs> lastDiffers = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            same.add(new QuantUnitRegs(0, 1 << 20, 24, 0, false));
            perColumn.add(new QuantUnitRegs(j, 1 << 20, 24, 0, false));
            lastDiffers.add(new QuantUnitRegs(0, 1 << 20, 24, 0, j == n - 1));
        }
        int checked = 0;
        for (List<QuantUnitRegs> lanes : List.of(same, perColumn, lastDiffers)) {
            NpuLayer layer = new NpuLayer("l", 5, 3, n, new int[3 * n], lanes, NpuLayer.Output.QUANTIZED);
            for (GemmMapping map : GemmMapping.values()) {
                for (long tn : new long[] {1, 4, 16, 36, 37, 64}) {
                    assertEquals(QuantSets.of(layer, map, tn, 16).sets().size(), QuantSets.count(layer, map, tn),
                            map + " tn " + tn);
                    checked++;
                }
            }
        }
        assertEquals(90, checked);
        // The three lane lists give one set, one per column tile or column, and not one.
        NpuLayer uniform = new NpuLayer("u", 5, 3, n, new int[3 * n], same, NpuLayer.Output.QUANTIZED);
        assertEquals(1, QuantSets.count(uniform, GemmMapping.WS, 4));
        NpuLayer varied = new NpuLayer("v", 5, 3, n, new int[3 * n], lastDiffers, NpuLayer.Output.QUANTIZED);
        assertEquals(10, QuantSets.count(varied, GemmMapping.WS, 4));
    }
}
