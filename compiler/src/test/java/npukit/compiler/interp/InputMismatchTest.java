package npukit.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/** Inputs that do not fit the graph are user errors naming the input, the type it needs and the one given (issue 11). */
class InputMismatchTest {

    private static Graph addIds() {
        Value ids = new Value("ids", TensorType.of(ElementType.INT64, TensorType.UNKNOWN, 4));
        Value one = new Value("one", TensorType.of(ElementType.INT64));
        Value y = new Value("y", ids.type());
        return new Graph("ids", List.of(ids), Map.of("one", Tensor.of(one.type(), new long[] {1})),
                List.of(new ElementwiseBinary("add", BinaryFunction.ADD, ids, one, y)), List.of(y));
    }

    @Test
    void int64InputsRun() {
        Tensor ids = Tensor.of(TensorType.of(ElementType.INT64, 1, 4), new long[] {101, 2023, 102, Long.MAX_VALUE});
        assertEquals(List.of(102L, 2024L, 103L, Long.MIN_VALUE),
                java.util.Arrays.stream(Interpreter.run(addIds(), Map.of("ids", ids)).get("y").toLongs()).boxed().toList());
    }

    @Test
    void aWrongTypeOrShapeNamesTheInputTheExpectedAndTheGivenType() {
        Tensor floats = Tensor.ofFloats(List.of(1, 4), 1, 2, 3, 4);
        assertEquals("graph ids: input 'ids' needs i64[?,4], got f32[1,4]",
                assertThrows(InputMismatchException.class, () -> Interpreter.run(addIds(), Map.of("ids", floats))).getMessage());
        Tensor wide = Tensor.of(TensorType.of(ElementType.INT64, 1, 5), new long[5]);
        assertEquals("graph ids: input 'ids' needs i64[?,4], got i64[1,5]",
                assertThrows(InputMismatchException.class, () -> Interpreter.run(addIds(), Map.of("ids", wide))).getMessage());
        assertEquals("graph ids: no tensor for input 'ids' (i64[?,4])",
                assertThrows(InputMismatchException.class, () -> Interpreter.run(addIds(), Map.of())).getMessage());
    }
}
