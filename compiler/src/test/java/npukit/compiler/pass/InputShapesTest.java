package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class InputShapesTest {

    /** ids (?, ?) int64 and image (?, 3, ?, ?) float, each through a Relu or Abs. */
    private static Graph twoInputs() {
        Value ids = new Value("ids", TensorType.of(ElementType.INT64, TensorType.UNKNOWN, TensorType.UNKNOWN));
        Value image = new Value("image", TensorType.of(ElementType.FLOAT, TensorType.UNKNOWN, 3, TensorType.UNKNOWN, TensorType.UNKNOWN));
        Value a = new Value("a", ids.type());
        Value b = new Value("b", image.type());
        return new Graph("two", List.of(ids, image), Map.of(), List.of(
                new ElementwiseUnary("abs", UnaryFunction.Plain.ABS, ids, a),
                new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, image, b)), List.of(a, b));
    }

    @Test
    void specsParseToShapes() {
        assertEquals(Map.of("x", List.of(1, 3, 48, 192), "scalar", List.of()),
                InputShapes.parse(List.of("x=1x3x48x192", "scalar=")));
        assertEquals(Map.of("a=b", List.of(2)), InputShapes.parse(List.of("a=b=2")), "the last = separates the name");
    }

    @Test
    void malformedSpecsAreRefusedNamingTheSpec() {
        assertEquals("input shape 'x' must be NAME=DIMS, e.g. x=1x3x48x192",
                assertThrows(InputShapeException.class, () -> InputShapes.parse(List.of("x"))).getMessage());
        assertEquals("input shape 'x=1x-3': '-3' is not a dimension (a number 0 .. 2^31 - 1)",
                assertThrows(InputShapeException.class, () -> InputShapes.parse(List.of("x=1x-3"))).getMessage());
        assertEquals("input shape 'x=1x2147483648': dimension 2147483648 is above 2^31 - 1",
                assertThrows(InputShapeException.class, () -> InputShapes.parse(List.of("x=1x2147483648"))).getMessage());
        assertEquals("input shape 'x=2': input x is given twice",
                assertThrows(InputShapeException.class, () -> InputShapes.parse(List.of("x=1", "x=2"))).getMessage());
    }

    @Test
    void givenShapesBindAndDimensionZeroTakesTheBatch() {
        Graph bound = InputShapes.bind(twoInputs(), InputShapes.parse(List.of("ids=1x16", "image=1x3x48x320")), 1);
        assertEquals("""
                graph two
                input %ids: i64[1,16]
                input %image: f32[1,3,48,320]
                node abs: %a: i64[1,16] = Abs(%ids)
                node relu: %b: f32[1,3,48,320] = Relu(%image)
                output %a: i64[1,16]
                output %b: f32[1,3,48,320]
                """, bound.text());
    }

    @Test
    void everyFreeDimensionWithoutAShapeIsNamed() {
        InputShapeException e = assertThrows(InputShapeException.class,
                () -> InputShapes.resolve(twoInputs(), Map.of(), 4));
        assertEquals("free dimensions without a shape (dimension 0 takes the batch size; give the others as NAME=AxBxC):"
                + " input 'ids' i64[?,?]: dimension 1; input 'image' f32[?,3,?,?]: dimensions 2, 3", e.getMessage());
    }

    @Test
    void aShapeTheDeclaredTypeRefusesNamesInputShapeAndDeclaration() {
        Graph g = twoInputs();
        assertEquals("input 'image' is declared f32[?,3,?,?] and cannot take the shape 1x4x48x320",
                assertThrows(InputShapeException.class, () -> InputShapes.resolve(g,
                        InputShapes.parse(List.of("ids=1x16", "image=1x4x48x320")), 1)).getMessage());
        assertEquals("input 'image' is declared f32[?,3,?,?] and cannot take the shape 1x3x48",
                assertThrows(InputShapeException.class, () -> InputShapes.resolve(g,
                        InputShapes.parse(List.of("ids=1x16", "image=1x3x48")), 1)).getMessage());
        assertEquals("graph two has no input 'idz'; its inputs are [%ids: i64[?,?], %image: f32[?,3,?,?]]",
                assertThrows(InputShapeException.class, () -> InputShapes.resolve(g,
                        InputShapes.parse(List.of("idz=1x16")), 1)).getMessage());
    }

    @Test
    void shapesPastTheElementLimitAreRefusedBeforeAnythingIsAllocated() {
        assertEquals("input 'image' of shape 1x3x65536x65536 has more than 268435456 elements, the limit for one tensor",
                assertThrows(InputShapeException.class, () -> InputShapes.bind(twoInputs(),
                        InputShapes.parse(List.of("ids=1x16", "image=1x3x65536x65536")), 1)).getMessage());
        assertEquals("input 'ids' of shape 1073741824x16 has more than 268435456 elements, the limit for one tensor",
                assertThrows(InputShapeException.class, () -> InputShapes.bind(twoInputs(),
                        InputShapes.parse(List.of("ids=1073741824x16", "image=1x3x8x8")), 1)).getMessage());
    }
}
