package npukit.compiler.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibsvmTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("d.libsvm"), text);
    }

    private String error(String text, int features, int classes) throws IOException {
        Path f = file(text);
        return assertThrows(DataException.class, () -> Libsvm.read(f, features, classes)).getMessage()
                .substring(f.toString().length());
    }

    @Test
    void readsSparseLines() throws IOException {
        List<LabelledSample> s = Libsvm.read(file("3 1:0.5 4:2\n# comment\n\n0 2:-1\n"), 4, 10);
        assertEquals(2, s.size());
        assertEquals(3, s.get(0).label());
        assertArrayEquals(new float[] {0.5f, 0, 0, 2}, s.get(0).features());
        assertArrayEquals(new float[] {0, -1, 0, 0}, s.get(1).features());
    }

    @Test
    void labelsOutsideTheModelsClassesAreRefused() throws IOException {
        assertEquals(": line 1: label 99 is not a class of the model: labels must be 0..9", error("99 1:1\n", 4, 10));
        assertEquals(": line 2: label -3 is not a class of the model: labels must be 0..9", error("1 1:1\n-3 1:1\n", 4, 10));
        assertEquals(-3, Libsvm.read(file("-3 1:1\n"), 4).get(0).label(), "without classes any integer is a label");
    }

    @Test
    void whatTheFormatCanCheckIsChecked() throws IOException {
        assertEquals(": line 1: label 7 and no features: a sample needs at least one index:value", error("7\n", 4, 0));
        assertEquals(": line 1: feature index 5 must increase and lie in 1..4", error("1 5:1\n", 4, 0));
        assertEquals(": line 1: feature 1 value 'NaN' is not a finite number", error("1 1:NaN\n", 4, 0));
        assertEquals(": line 1: label '1.5' is not an integer", error("1.5 1:1\n", 4, 0));
        assertEquals(": no samples", error("# nothing\n", 4, 0));
        String cut = error("1 1:" + "x".repeat(1_000_000) + "\n", 4, 0);
        assertEquals(": line 1: feature 1 value '" + "x".repeat(80) + "... (1000000 characters)' is not a finite number", cut);
    }

    @Test
    void binaryInputNamesTheFileAndLine() throws IOException {
        Path f = dir.resolve("bin.libsvm");
        Files.write(f, new byte[] {'1', ' ', '1', ':', '1', '\n', (byte) 0xC0, '\n'});
        assertEquals(f + ": line 2: byte 6 (0xc0) is not UTF-8 text; is this a binary file or another encoding?",
                assertThrows(DataException.class, () -> Libsvm.read(f, 4)).getMessage());
        assertEquals(dir + ": is a folder, not a file", assertThrows(DataException.class, () -> Libsvm.read(dir, 4))
                .getMessage());
    }
}
