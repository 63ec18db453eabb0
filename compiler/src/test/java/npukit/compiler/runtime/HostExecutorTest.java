package npukit.compiler.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.DepthToSpace;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Resize;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.HostStep;
import org.junit.jupiter.api.Test;

class HostExecutorTest {

    /** A node that reads one value twice, Add(y, y), as residual-style graphs do. */
    @Test
    void aNodeMayReadTheSameValueTwice() {
        TensorType t = TensorType.of(ElementType.FLOAT, 3);
        Value y = new Value("y", t);
        Value c = new Value("c", t);
        Value z = new Value("z", t);
        Value u = new Value("u", t);
        Map<String, Tensor> inits = Map.of("c", Tensor.of(t, new float[] {1, 1, 1}));
        ElementwiseBinary twice = new ElementwiseBinary("twice", BinaryFunction.ADD, y, y, z);
        ElementwiseBinary constant = new ElementwiseBinary("constant", BinaryFunction.MUL, c, c, u);
        Graph g = new Graph("g", List.of(y), inits, List.of(twice, constant), List.of(z, u));
        Map<String, Carried> values = new HashMap<>();
        values.put("y", Carried.reals(Tensor.of(t, new float[] {1, -2, 3.5f})));
        new HostExecutor(g).run(new HostStep(List.of(twice, constant), List.of("test", "test")), values);
        assertArrayEquals(new double[] {2, -4, 7}, values.get("z").realTensor().toDoubles());
        assertArrayEquals(new double[] {1, 1, 1}, values.get("u").realTensor().toDoubles());
    }

    /** Data movement passes codes through: nearest resizing copies elements, linear resizing mixes them. */
    @Test
    void nearestResizingAndDepthToSpaceKeepCodes() {
        TensorType image = new TensorType(ElementType.FLOAT, List.of(1, 4, 2, 2), Layout.NCHW);
        TensorType scales = TensorType.of(ElementType.FLOAT, 4);
        Value x = new Value("x", image);
        Value up = new Value("up", new TensorType(ElementType.FLOAT, List.of(1, 4, 4, 4), Layout.NCHW));
        for (Resize.Mode mode : Resize.Mode.values()) {
            for (Resize.CoordinateTransform t : List.of(Resize.CoordinateTransform.ASYMMETRIC,
                    Resize.CoordinateTransform.TF_CROP_AND_RESIZE)) {
                Resize r = new Resize("up", x, Optional.empty(), Optional.of(new Value("s", scales)), Optional.empty(), up,
                        new Resize.Method(mode, t, Resize.NearestMode.FLOOR, -0.75f, false, 0, Resize.AspectPolicy.STRETCH,
                                null));
                assertEquals(mode == Resize.Mode.NEAREST && t != Resize.CoordinateTransform.TF_CROP_AND_RESIZE,
                        HostExecutor.preservesCodes(r), mode + " " + t);
            }
        }
        Value blocks = new Value("b", new TensorType(ElementType.FLOAT, List.of(1, 1, 4, 4), Layout.NCHW));
        assertTrue(HostExecutor.preservesCodes(new DepthToSpace("d2s", x, blocks, 2, true)));
    }
}
