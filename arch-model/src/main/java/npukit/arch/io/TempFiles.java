package npukit.arch.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files {@link OutputFile} has open, removed by a shutdown hook if the process ends
 * (Ctrl-C, SIGTERM, System.exit) before they are renamed into place or deleted. The same hook closes the
 * {@link ScratchFolder}s still open (stopping their processes, then removing them).
 */
final class TempFiles {

    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::removeAll, "npukit-temp-files"));
    }

    private TempFiles() {
    }

    /** Makes sure the hook is registered (loading this class does it). */
    static void ensureHook() {
        // nothing else to do: the static initialiser has run by now
    }

    static void track(Path temp) {
        OPEN.add(temp);
    }

    static void untrack(Path temp) {
        OPEN.remove(temp);
    }

    /** Paths still tracked; for tests. */
    static Set<Path> open() {
        return Set.copyOf(OPEN);
    }

    private static void removeAll() {
        ScratchFolder.closeAll();
        for (Path p : OPEN) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // the process is ending; nothing is left to report to
            }
        }
    }
}
