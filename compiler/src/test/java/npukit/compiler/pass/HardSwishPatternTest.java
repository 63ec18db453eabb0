package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class HardSwishPatternTest {

    private static final TensorType IMAGE = new TensorType(ElementType.FLOAT, List.of(1, 4, 3, 3), Layout.NCHW);
    private static final TensorType SCALAR = TensorType.of(ElementType.FLOAT);

    /** Paddle's spelling: x * clip(x + shift, 0, 6) then / 6 (or * 1/6 with {@code multiply}). */
    static Graph spelled(float shift, boolean clipFirst, boolean multiply, boolean addIsOutput) {
        Map<String, Tensor> inits = new HashMap<>();
        inits.put("three", Tensor.of(SCALAR, new float[] {shift}));
        inits.put("zero", Tensor.of(SCALAR, new float[] {0}));
        inits.put("six", Tensor.of(SCALAR, new float[] {6}));
        inits.put("sixth", Tensor.of(SCALAR, new float[] {(float) (1.0 / 6)}));
        Value x = new Value("x", IMAGE);
        Value a = new Value("a", IMAGE);
        Value r = new Value("r", IMAGE);
        Value m = new Value("m", IMAGE);
        Value y = new Value("y", IMAGE);
        List<Node> nodes = new ArrayList<>(List.of(
                new ElementwiseBinary("add", BinaryFunction.ADD, x, new Value("three", SCALAR), a),
                new Clip("clip", a, Optional.of(new Value("zero", SCALAR)), Optional.of(new Value("six", SCALAR)), r),
                new ElementwiseBinary("mul", BinaryFunction.MUL, clipFirst ? r : x, clipFirst ? x : r, m),
                multiply ? new ElementwiseBinary("div", BinaryFunction.MUL, m, new Value("sixth", SCALAR), y)
                        : new ElementwiseBinary("div", BinaryFunction.DIV, m, new Value("six", SCALAR), y)));
        List<Value> outputs = new ArrayList<>(List.of(y));
        if (addIsOutput) {
            outputs.add(a);
        }
        return new Graph("hswish", List.of(x), inits, nodes, outputs);
    }

    @Test
    void theFourNodesBecomeOneHardSwish() {
        Graph before = spelled(3, false, false, false);
        Graph after = PassPipeline.standard().run(before);
        assertEquals("""
                graph hswish
                input %x: f32[1,4,3,3] NCHW
                node div: %y: f32[1,4,3,3] NCHW = HardSwish(%x)
                output %y: f32[1,4,3,3] NCHW
                """, after.text());
        Outputs.assertClose(before, after, 1e-6);
        for (boolean clipFirst : new boolean[] {false, true}) {
            Graph g = spelled(3, clipFirst, true, false);
            Graph h = PassPipeline.standard().run(g);
            assertEquals(1, h.nodes().size(), h.text());
            Outputs.assertClose(g, h, 1e-6);
        }
    }

    @Test
    void otherConstantsOrASharedStepStay() {
        assertTrue(new HardSwishPattern().apply(spelled(2, false, false, false)).isEmpty());
        assertTrue(new HardSwishPattern().apply(spelled(3, false, false, true)).isEmpty());
    }
}
