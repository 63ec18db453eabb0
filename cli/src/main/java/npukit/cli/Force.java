package npukit.cli;

import java.nio.file.Path;
import java.util.List;
import npukit.arch.io.OutputFile;
import picocli.CommandLine.Option;

/** The --force option of every command that writes files, and the writer it configures. */
final class Force {

    @Option(names = "--force", description = "Replace output files that already exist (never the command's own inputs,"
            + " never anything but a regular file).")
    boolean force;

    /** The shared atomic writer for {@code file}, refusing to write over any of {@code inputs}. */
    OutputFile target(Path file, Path... inputs) {
        return OutputFile.of(file, force).notOver(List.of(inputs));
    }
}
