package npukit.arch.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesANewFileAndLeavesNothingElse() throws IOException {
        Path f = dir.resolve("out.txt");
        OutputFile.of(f, false).writeString("hello\n");
        assertEquals("hello\n", Files.readString(f));
        assertEquals(List.of(f), files());
        assertTrue(TempFiles.open().isEmpty());
    }

    @Test
    void refusesAnExistingFileUnlessAskedAndThenReplacesIt() throws IOException {
        Path f = dir.resolve("out.bin");
        Files.writeString(f, "mine");
        OutputFileException e = assertThrows(OutputFileException.class, () -> OutputFile.of(f, false).writeBytes(new byte[] {1}));
        assertEquals(f + ": already exists; give --force to replace it", e.getMessage());
        assertEquals("mine", Files.readString(f));
        OutputFile.of(f, true).writeBytes(new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(f));
        assertEquals(List.of(f), files());
    }

    @Test
    void neverReplacesWhatIsNotARegularFile() throws IOException {
        Path devNull = Path.of("/dev/null");
        OutputFileException e = assertThrows(OutputFileException.class, () -> OutputFile.of(devNull, true).writeString("x"));
        assertEquals("/dev/null: exists and is not a regular file (a device, FIFO or socket); it is never replaced",
                e.getMessage());
        assertFalse(Files.isRegularFile(devNull));
        Path folder = Files.createDirectory(dir.resolve("sub"));
        assertTrue(assertThrows(OutputFileException.class, () -> OutputFile.of(folder, true).writeString("x"))
                .getMessage().contains("(a folder)"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("elsewhere"));
        assertTrue(assertThrows(OutputFileException.class, () -> OutputFile.of(link, true).writeString("x"))
                .getMessage().contains("(a symbolic link)"));
        assertFalse(Files.exists(dir.resolve("elsewhere")));
    }

    @Test
    void neverWritesOverTheCommandsOwnInput() throws IOException {
        Path input = dir.resolve("prog.s");
        Files.writeString(input, "FINISH\n");
        OutputFile target = OutputFile.of(dir.resolve("./prog.s"), true).notOver(input);
        assertEquals(dir.resolve("./prog.s") + ": is also an input of this command; it is never written over",
                assertThrows(OutputFileException.class, () -> target.writeString("x")).getMessage());
        assertEquals("FINISH\n", Files.readString(input));
    }

    @Test
    void newFilesGetTheUmasksPermissionsNotThoseOfATemporaryFile() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path written = dir.resolve("written");
        OutputFile.of(written, false).writeString("x");
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        Path temp = Files.createTempFile(dir, "t", ".tmp");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)),
                "the JDK's temporary files are 0600, which is why the writer does not use them");
    }

    @Test
    void aMissingFolderNamesTheTargetNotATemporaryFile() {
        Path f = dir.resolve("no/such/folder/out.csv");
        OutputFileException e = assertThrows(OutputFileException.class, () -> OutputFile.of(f, false).writeString("x"));
        assertEquals(f + ": the folder " + dir.resolve("no/such/folder") + " does not exist", e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNeitherTheTargetNorATemporaryFile() throws IOException {
        Path f = dir.resolve("out.txt");
        OutputFileException e = assertThrows(OutputFileException.class, () -> OutputFile.of(f, false).write(out -> {
            out.write(new byte[100]);
            throw new IOException("No space left on device");
        }));
        assertEquals(f + ": cannot write (No space left on device)", e.getMessage());
        assertEquals(List.of(), files());
        assertTrue(TempFiles.open().isEmpty());
    }

    @Test
    void aFullFileSystemIsOneLineNamingTheTarget() {
        Path full = Path.of("/dev/full");
        if (!Files.exists(full)) {
            return;
        }
        // /dev/full cannot be the target (it is a device), but a folder on a full file system behaves like
        // a write to it: the writer's own stream reports the error.
        OutputFileException e = assertThrows(OutputFileException.class, () -> OutputFile.of(dir.resolve("x"), false)
                .write(out -> Files.write(full, new byte[] {1})));
        assertTrue(e.getMessage().startsWith(dir.resolve("x") + ": cannot write ("), e.getMessage());
    }

    @Test
    void valuesInMessagesAreCut() {
        String huge = "x".repeat(5_000_000);
        String cut = UserException.excerpt(huge);
        assertEquals("x".repeat(80) + "... (5000000 characters)", cut);
        assertEquals("a\\u0000b\\u0007é", UserException.excerpt("a\0b\u0007é"));
    }
}
