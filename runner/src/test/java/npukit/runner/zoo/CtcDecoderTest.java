package npukit.runner.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.runner.InputException;
import org.junit.jupiter.api.Test;

/** Greedy CTC: repeats collapse, blanks separate and vanish, the last class is a space. */
class CtcDecoderTest {

    private static final CtcDecoder DECODER = new CtcDecoder(List.of("a", "b", "l"));

    /** One-hot steps over 5 classes: blank, a, b, l, space. */
    private static Tensor steps(int... best) {
        double[] p = new double[best.length * 5];
        for (int t = 0; t < best.length; t++) {
            p[t * 5 + best[t]] = 0.9;
        }
        return Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, 1, best.length, 5), p);
    }

    @Test
    void collapsesRepeatsAndKeepsDoubledLettersSplitByBlank() {
        assertEquals("ball ab", DECODER.decode(steps(2, 2, 1, 0, 3, 3, 0, 3, 4, 1, 1, 2, 0)));
    }

    @Test
    void aClassCountThatDoesNotMatchTheListIsAnError() {
        Tensor t = Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, 1, 2, 4), new double[8]);
        assertThrows(InputException.class, () -> DECODER.decode(t));
    }
}
