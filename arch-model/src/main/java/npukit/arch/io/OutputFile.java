package npukit.arch.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The one way every command writes a file. The content goes to a hidden temporary file in the
 * target's folder, which is renamed over the target only when it is complete, so nothing half-written
 * ever carries the target's name, not even after Ctrl-C (a shutdown hook removes temporary files
 * still open). The target must be a regular file or absent: a device, FIFO, folder or symbolic link
 * is never replaced. An existing file is replaced only when the caller allows it, and never when it is
 * one of the command's own inputs. The new file gets the permissions the umask gives any new file.
 * Every failure is an {@link OutputFileException}
 * naming the target, never the temporary file.
 *
 * @param target    the file to write
 * @param overwrite whether an existing regular file may be replaced
 * @param inputs    files the command reads, which it must not write over
 */
public record OutputFile(Path target, boolean overwrite, List<Path> inputs) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What writes the content to the temporary file's stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public OutputFile {
        Objects.requireNonNull(target, "target is required");
        inputs = List.copyOf(inputs);
    }

    /** A target that must not exist yet, or may be replaced if {@code overwrite}. */
    public static OutputFile of(Path target, boolean overwrite) {
        return new OutputFile(target, overwrite, List.of());
    }

    /** The same target, refusing to write over any of {@code files}. */
    public OutputFile notOver(Collection<Path> files) {
        List<Path> all = new java.util.ArrayList<>(inputs);
        all.addAll(files);
        return new OutputFile(target, overwrite, all);
    }

    /** The same target, refusing to write over {@code file}. */
    public OutputFile notOver(Path file) {
        return notOver(List.of(file));
    }

    public void writeString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(out -> out.write(bytes));
    }

    public void writeBytes(byte[] bytes) {
        write(out -> out.write(bytes));
    }

    /**
     * Refuses now what {@link #write} would refuse about the target as it stands (a missing folder, a
     * target that is not a regular file, one of the inputs, or an existing file without overwrite), so
     * a command can refuse before spending time on a run whose output it could not write.
     */
    public void check() {
        checkTarget();
    }

    /** Checks the target, writes the content to a temporary file beside it and renames it into place. */
    public void write(Content content) {
        Path folder = checkTarget();
        // Not Files.createTempFile: it creates the file 0600, whereas a file opened with CREATE_NEW
        // gets 0666 less the umask, as any new file the user makes.
        Path temp = folder.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
        TempFiles.track(temp);
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            } catch (NoSuchFileException e) {
                throw fail("the folder " + folder + " does not exist", e);
            } catch (AccessDeniedException e) {
                throw fail("cannot create a file in " + folder + " (permission denied or a read-only file system)", e);
            }
            checkTarget();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw fail("cannot write (" + reason(e) + ")", e);
        } finally {
            deleteQuietly(temp);
            TempFiles.untrack(temp);
        }
    }

    /** The folder the target goes in, once the target is known to be absent or a replaceable file. */
    private Path checkTarget() {
        Path absolute = target.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        if (folder == null || target.getFileName() == null) {
            throw fail("not a file name", null);
        }
        if (!Files.isDirectory(folder)) {
            throw fail(Files.exists(folder) ? folder + " is not a folder" : "the folder " + folder + " does not exist",
                    null);
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw fail("exists and is not a regular file (" + kind(target) + "); it is never replaced", null);
            }
            for (Path input : inputs) {
                if (sameFile(input, target)) {
                    throw fail("is also an input of this command; it is never written over", null);
                }
            }
            if (!overwrite) {
                throw fail("already exists; give --force to replace it", null);
            }
        }
        return folder;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static String kind(Path p) {
        if (Files.isSymbolicLink(p)) {
            return "a symbolic link";
        }
        if (Files.isDirectory(p)) {
            return "a folder";
        }
        return "a device, FIFO or socket";
    }

    private OutputFileException fail(String problem, Throwable cause) {
        return new OutputFileException(target, problem, cause);
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the write has already succeeded or failed and is reported; the shutdown hook retries
        }
    }

}
