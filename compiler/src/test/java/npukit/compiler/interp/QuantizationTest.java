package npukit.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.DequantizeLinear;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.QuantizeLinear;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** QuantizeLinear rounds ties to even and saturates; DequantizeLinear inverts it on the grid. */
class QuantizationTest {

    private static Map<String, Tensor> quantize(float scale, byte zeroPoint, float... x) {
        Value in = new Value("x", TensorType.of(ElementType.FLOAT, x.length));
        Tensor s = Tensor.ofFloats(List.of(), scale);
        Tensor zp = Tensor.of(TensorType.of(ElementType.INT8), new byte[] {zeroPoint});
        Value sv = new Value("s", s.type());
        Value zv = new Value("zp", zp.type());
        Value q = new Value("q", TensorType.of(ElementType.INT8, x.length));
        Value d = new Value("d", in.type());
        Graph g = new Graph("q", List.of(in), Map.of("s", s, "zp", zp),
                List.of(new QuantizeLinear("quant", in, sv, Optional.of(zv), q, 0),
                        new DequantizeLinear("dequant", q, sv, Optional.of(zv), d, 0)),
                List.of(q, d));
        return Interpreter.run(g, Map.of("x", Tensor.ofFloats(List.of(x.length), x)));
    }

    @Test
    void tiesRoundToEvenAsInDesignTable() {
        Map<String, Tensor> out = quantize(2f, (byte) 0, -5, -3, -1, 1, 3, 5);
        assertArrayEquals(new long[] {-2, -2, 0, 0, 2, 2}, out.get("q").toLongs());
        assertArrayEquals(new double[] {-4, -4, 0, 0, 4, 4}, out.get("d").toDoubles());
    }

    @Test
    void theZeroPointIsAddedAfterRoundingAndTheResultSaturates() {
        Map<String, Tensor> out = quantize(0.5f, (byte) 10, 0.25f, 0.75f, 100f, -100f);
        assertArrayEquals(new long[] {10, 12, 127, -128}, out.get("q").toLongs());
        assertArrayEquals(new double[] {0, 1, 58.5, -69}, out.get("d").toDoubles());
    }
}
