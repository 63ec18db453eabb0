package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole-row accessors the GEMM uses agree with the element accessors for every element size. */
class RowMemoryTest {

    @ParameterizedTest
    @CsvSource({"1,8", "2,16", "3,20", "4,32", "4,20", "8,64", "8,40"})
    void rowAccessMatchesElementAccess(int elementBytes, int elementBits) {
        RowMemory mem = new RowMemory("m", 4, 6, elementBytes, elementBits);
        Random rnd = new Random(elementBytes * 100L + elementBits);
        long[] values = new long[6];
        for (int e = 0; e < 6; e++) {
            values[e] = rnd.nextLong();
        }
        mem.writeElements(2, values, 6);
        long[] read = new long[6];
        mem.readElements(2, read, 6);
        RowMemory byElement = new RowMemory("m", 4, 6, elementBytes, elementBits);
        for (int e = 0; e < 6; e++) {
            byElement.setElement(2, e, values[e]);
            assertEquals(byElement.element(2, e), read[e], "element " + e);
        }
        assertArrayEquals(byElement.contents(), mem.contents());
    }
}
