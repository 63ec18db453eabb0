package npukit.cli;

import java.util.List;
import npukit.runner.ModelSource;
import picocli.CommandLine.Option;

/** {@code --limit N}: the commands that go over a data set may stop after its first N samples. */
final class SampleLimit {

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N samples of the data.")
    Integer limit;

    List<ModelSource.Sample> apply(List<ModelSource.Sample> samples) {
        if (limit == null) {
            return samples;
        }
        if (limit < 1) {
            throw new UserInputException("--limit must be >= 1, got " + limit);
        }
        return samples.subList(0, Math.min(limit, samples.size()));
    }
}
