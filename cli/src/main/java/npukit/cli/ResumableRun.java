package npukit.cli;

import java.nio.file.Path;
import npukit.runner.sweep.SweepResultsFile;
import picocli.CommandLine.Option;

/** The options of a long run whose results file grows row by row (sweep, regress): threads, resume, force. */
final class ResumableRun {

    @Option(names = "--threads", paramLabel = "N",
            description = "Work run at once: sweep jobs, or regress chips (default: every core, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--resume", description = "Go on with existing results: skip what they hold.")
    boolean resume;

    @Option(names = "--force", description = "Replace existing results and start over.")
    boolean force;

    /** What to do with results already there; refuses options that contradict each other. */
    SweepResultsFile.Existing existing() {
        if (resume && force) {
            throw new UserInputException("--resume and --force exclude each other");
        }
        if (threads < 1) {
            throw new UserInputException("--threads must be >= 1, got " + threads);
        }
        return resume ? SweepResultsFile.Existing.RESUME
                : force ? SweepResultsFile.Existing.REPLACE : SweepResultsFile.Existing.REFUSE;
    }

    /** A spec file's name without its extension: the default results' stem. */
    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
