package npukit.arch.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads an input file whole, for every parser of the toolkit, with errors a person can act on: a
 * missing file, a folder, a FIFO or device, a file larger than the parser's limit (checked before
 * anything is read), unreadable bytes, and text that is not UTF-8 (naming the line and byte where it
 * stops being UTF-8). Each becomes the caller's own exception type through {@link Failure}.
 */
public final class InputFiles {

    /** Makes the caller's exception for a problem with a file: {@code <file>: <problem>}. */
    @FunctionalInterface
    public interface Failure {
        RuntimeException at(Path file, String problem);
    }

    /** The largest text file a parser reads (configs, topologies, assembler text, data). */
    public static final long MAX_TEXT_BYTES = 256L << 20;

    private InputFiles() {
    }

    /** The bytes of a regular file of at most {@code maxBytes} bytes. */
    public static byte[] readBytes(Path file, long maxBytes, Failure failure) {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxBytes = " + maxBytes + ": must fit a Java array");
        }
        requireRegularFile(file, failure);
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw failure.at(file, "is " + size + " bytes, more than the " + maxBytes + " this reader accepts");
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) maxBytes + 1);
                if (bytes.length > maxBytes) {
                    throw failure.at(file, "is more than the " + maxBytes + " bytes this reader accepts");
                }
                return bytes;
            }
        } catch (AccessDeniedException e) {
            throw failure.at(file, "cannot read: permission denied");
        } catch (IOException e) {
            throw failure.at(file, "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** A UTF-8 text file of at most {@link #MAX_TEXT_BYTES} bytes, decoded strictly. */
    public static String readText(Path file, Failure failure) {
        return decode(file, readBytes(file, MAX_TEXT_BYTES, failure), failure);
    }

    /** UTF-8 bytes as text; a malformed sequence is reported with its line and byte offset. */
    public static String decode(Path file, byte[] bytes, Failure failure) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            String text = utf8.decode(in).toString();
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                throw failure.at(file, "line " + lineAt(bytes, offsetOfChar(text, nul)) + ": a NUL byte: this is a"
                        + " binary file, not text");
            }
            return text;
        } catch (MalformedInputException e) {
            int at = in.position();
            throw failure.at(file, "line " + lineAt(bytes, at) + ": byte " + at + String.format(" (0x%02x)", bytes[at] & 0xFF)
                    + " is not UTF-8 text; is this a binary file or another encoding?");
        } catch (CharacterCodingException e) {
            throw failure.at(file, "is not UTF-8 text");
        }
    }

    private static int offsetOfChar(String text, int index) {
        return text.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Refuses anything but an existing regular file, saying what the path is instead. */
    public static void requireRegularFile(Path file, Failure failure) {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw failure.at(file, "is a folder, not a file");
        }
        if (Files.exists(file)) {
            throw failure.at(file, "is not a regular file (a FIFO, device or socket)");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw failure.at(file, "is a symbolic link to nothing");
        }
        throw failure.at(file, "no such file");
    }
}
