package npukit.compiler.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
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
}
