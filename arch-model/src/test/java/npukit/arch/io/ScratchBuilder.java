package npukit.arch.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process that starts a fake build in a {@link ScratchFolder} (a file written, and a shell that runs a
 * long sleep, as verilator runs make and make runs g++) and never finishes, for {@link ScratchFolderTest}
 * to interrupt or kill.
 */
public final class ScratchBuilder {

    private ScratchBuilder() {
    }

    public static void main(String[] args) throws Exception {
        ScratchFolder scratch = ScratchFolder.create(Path.of(args[0]), "fake-build");
        Files.writeString(scratch.path().resolve("half.o"), "half an object file");
        scratch.start(new ProcessBuilder("sh", "-c", "sleep 600 & wait").directory(scratch.path().toFile()));
        System.out.println("building in " + scratch.path());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
