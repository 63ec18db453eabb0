package npukit.arch.io;

import java.nio.file.Path;

/**
 * A process that starts writing its first argument through {@link OutputFile} and never finishes,
 * for {@link InterruptedWriteTest} to interrupt the way a user does with Ctrl-C.
 */
public final class InterruptedWriter {

    private InterruptedWriter() {
    }

    public static void main(String[] args) {
        OutputFile.of(Path.of(args[0]), false).write(out -> {
            out.write("the first half of a result\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
