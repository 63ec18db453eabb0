package npukit.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/**
 * Dynamic quantization on the NPU: a MatMulInteger whose a_zero_point is a run-time value runs on a
 * chip with 8-bit operands (UINT8 A minus a zero point would need 9), and equals the interpreter bit for
 * bit for every zero point, including the extremes.
 */
class RuntimeZeroPointTest {

    private static final ChipConfig CHIP = ChipPresets.gemmini();

    private record Case(Graph graph, MatMulInteger node, Value a, Value zp) {
    }

    private static Case build(ElementType aType, ElementType bType, long seed) {
        IntegerGraphs.Builder b = new IntegerGraphs.Builder(seed);
        Value a = new Value("a", TensorType.of(aType, 1, 6, 40));
        Value zp = new Value("a_zp", TensorType.of(aType));
        Value w = b.codes("b", bType, bType == ElementType.UINT8 ? 0 : -127, bType == ElementType.UINT8 ? 255 : 127, 40, 24);
        Value bZp = b.scalarCode("b_zp", bType, bType == ElementType.UINT8 ? 128 : 0);
        Value y = new Value("y", MatMulInteger.infer("mi", a, w));
        MatMulInteger node = new MatMulInteger("mi", a, w, Optional.of(zp), Optional.of(bZp), y);
        Graph g = new Graph("g", List.of(a, zp), b.initializers, List.of(node), List.of(y));
        return new Case(g, node, a, zp);
    }

    @Test
    void uint8WithRunTimeZeroPointIsExactOnEightBitOperands() {
        Case c = build(ElementType.UINT8, ElementType.INT8, 11);
        IntegerLayer layer = IntegerLayers.lower(c.node(), c.graph(), CHIP);
        assertTrue(layer.runtimeZeroPoint().isPresent());
        assertEquals(List.of(128), layer.inputZeroPoints());
        IntegerGraphs.Builder data = new IntegerGraphs.Builder(12);
        for (long zeroPoint : new long[] {0, 1, 97, 128, 200, 255}) {
            Tensor a = data.randomCodes(ElementType.UINT8, 0, 255, 1, 6, 40);
            Tensor zp = Tensor.fromLongs(TensorType.of(ElementType.UINT8), new long[] {zeroPoint});
            Map<String, Tensor> in = new HashMap<>(Map.of("a", a, "a_zp", zp));
            Tensor expected = Interpreter.run(c.graph(), in).get("y");
            Tensor got = layer.runReference(a, Optional.of(zp), CHIP);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.getLong(i), got.getLong(i), "zero point " + zeroPoint + ", element " + i);
            }
        }
    }

    @Test
    void int8AndUint8WeightsWithTheirZeroPoint() {
        Case c = build(ElementType.INT8, ElementType.UINT8, 5);
        IntegerLayer layer = IntegerLayers.lower(c.node(), c.graph(), CHIP);
        assertEquals(List.of(0), layer.inputZeroPoints());
        Tensor a = new IntegerGraphs.Builder(6).randomCodes(ElementType.INT8, -128, 127, 1, 6, 40);
        Tensor zp = Tensor.fromLongs(TensorType.of(ElementType.INT8), new long[] {-3});
        Tensor expected = Interpreter.run(c.graph(), Map.of("a", a, "a_zp", zp)).get("y");
        Tensor got = layer.runReference(a, Optional.of(zp), CHIP);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.getLong(i), got.getLong(i), "element " + i);
        }
    }

    @Test
    void decodingWithoutTheZeroPointIsRefused() {
        Case c = build(ElementType.UINT8, ElementType.INT8, 3);
        IntegerLayer layer = IntegerLayers.lower(c.node(), c.graph(), CHIP);
        int[] y = new int[layer.layer().m() * layer.layer().n()];
        assertThrows(IllegalArgumentException.class, () -> layer.decodeY(y));
        assertThrows(IllegalArgumentException.class, () -> layer.decodeY(y, Optional.empty()));
    }
}
