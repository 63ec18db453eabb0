package npukit.arch.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A folder for work in progress (a build of several files by external tools), made beside where its
 * results go so that they are renamed into place whole, the way {@link OutputFile} writes one file.
 * It is removed when closed, on success or failure; if the process ends first (Ctrl-C, SIGTERM,
 * System.exit) the shared shutdown hook stops the processes working in it, then removes it: the
 * processes go first since a compiler still running would write into the folder being removed.
 *
 * <p>A process killed outright (SIGKILL) cleans nothing. Its folders hold a lock file, locked while
 * the folder is in use; the operating system releases the lock when the process dies, whatever
 * killed it, so {@link #removeStale} removes exactly the folders nobody is using (a pid would not do:
 * pids are reused and differ between containers that share a folder).
 */
public final class ScratchFolder implements AutoCloseable {

    /** Every scratch folder's name starts with this, so the stale ones can be found. */
    public static final String PREFIX = ".scratch-";
    private static final String LOCK = ".owner.lock";
    /** A scratch folder with no lock file yet is being made; one older than this never got it. */
    private static final Duration UNLOCKED_GRACE = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<ScratchFolder> OPEN = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel lockChannel;
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private boolean closed;

    private ScratchFolder(Path path, FileChannel lockChannel) {
        this.path = path;
        this.lockChannel = lockChannel;
    }

    /** A new scratch folder in {@code parent} (created if missing), named after {@code purpose}. */
    public static ScratchFolder create(Path parent, String purpose) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createDirectory(parent.resolve(PREFIX + purpose + "-" + Long.toHexString(RANDOM.nextLong())));
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            channel.lock();
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            deleteTree(dir);
            throw e;
        }
        ScratchFolder folder = new ScratchFolder(dir, channel);
        OPEN.add(folder);
        TempFiles.ensureHook();
        return folder;
    }

    public Path path() {
        return path;
    }

    /**
     * Starts a process working in this folder; it is stopped (with the processes it started) if the
     * folder is closed while it runs.
     */
    public Process start(ProcessBuilder builder) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the scratch folder " + path + " is being removed");
            }
            Process p = builder.start();
            processes.add(p);
            p.onExit().thenRun(() -> processes.remove(p));
            return p;
        }
    }

    /**
     * Renames {@code source} (in this folder) to {@code target} in one step. A target file is replaced;
     * a target folder that exists and is not empty is left as it is and false is returned (another
     * process finished the same work first). Never done once closing has begun, so the shutdown hook
     * never removes half of something that is being renamed into place.
     */
    public synchronized boolean moveIntoPlace(Path source, Path target) throws IOException {
        if (closed) {
            throw new IOException("the scratch folder " + path + " is being removed");
        }
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            return false;
        } catch (FileSystemException e) {
            // rename(2) onto a folder that holds files fails with ENOTEMPTY, which Java reports plainly.
            if (Files.isDirectory(target) && !isEmpty(target)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.findAny().isEmpty();
        }
    }

    /** Stops the processes still working in the folder, removes it and releases its lock. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopProcesses();
        try {
            deleteTree(path);
        } catch (IOException ignored) {
            // the folder stays locked until the channel closes below, then removeStale takes it
        } finally {
            try {
                lockChannel.close();
            } catch (IOException ignored) {
                // closing a lock file cannot lose data
            }
            OPEN.remove(this);
        }
    }

    /**
     * Kills the processes' descendants before the processes: verilator runs make, which runs g++, which
     * runs the compiler proper, and a killed parent's children would be orphaned out of reach. Repeated
     * until no descendant is left, since make may start one more job before it sees its jobs fail.
     */
    private void stopProcesses() {
        List<ProcessHandle> killed = new ArrayList<>();
        for (Process p : processes) {
            for (int round = 0; round < 20; round++) {
                List<ProcessHandle> descendants = p.descendants().toList();
                if (descendants.isEmpty()) {
                    break;
                }
                descendants.forEach(ProcessHandle::destroyForcibly);
                killed.addAll(descendants);
                waitFor(descendants);
            }
            p.destroyForcibly();
            killed.add(p.toHandle());
        }
        waitFor(killed);
    }

    private static void waitFor(List<ProcessHandle> handles) {
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // a process that does not die on SIGKILL within 5 s is beyond our reach
            }
        }
    }

    /** For the shutdown hook: closes every scratch folder still open. */
    static void closeAll() {
        for (ScratchFolder f : OPEN) {
            f.close();
        }
    }

    /**
     * Removes the scratch folders in {@code parent} whose owner has ended without removing them (killed
     * by SIGKILL, or a machine that went down), and returns how many. Folders in use, by this process or
     * another, are left alone.
     */
    public static int removeStale(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        List<Path> candidates;
        try (Stream<Path> s = Files.list(parent)) {
            candidates = s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p)).toList();
        }
        Set<Path> ours = ConcurrentHashMap.newKeySet();
        OPEN.forEach(f -> ours.add(f.path.toAbsolutePath().normalize()));
        int removed = 0;
        for (Path dir : candidates) {
            // Never open our own lock files: closing any channel to a file drops this process's locks on it.
            if (!ours.contains(dir.toAbsolutePath().normalize()) && removeIfUnowned(dir)) {
                removed++;
            }
        }
        return removed;
    }

    private static boolean removeIfUnowned(Path dir) throws IOException {
        Path lock = dir.resolve(LOCK);
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return false;
            }
            deleteTree(dir);
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (NoSuchFileException e) {
            // Being made right now, or its owner died between making it and locking it.
            if (olderThan(dir, UNLOCKED_GRACE)) {
                deleteTree(dir);
                return true;
            }
            return false;
        }
    }

    /** Whether {@code p} was last modified more than {@code age} ago (false if it is gone). */
    public static boolean olderThan(Path p, Duration age) {
        try {
            FileTime t = Files.getLastModifiedTime(p);
            return t.toInstant().isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes a tree, tolerating entries that vanish meanwhile (another cleaner, a tool ending). */
    public static void deleteTree(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return;
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                deleteTree(root);
                return;
            }
            throw e.getCause();
        }
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                // a process still wrote into it after the walk: walk again
                deleteTree(p);
            }
        }
    }
}
