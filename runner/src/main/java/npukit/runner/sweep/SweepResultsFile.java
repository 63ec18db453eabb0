package npukit.runner.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import npukit.arch.io.OutputFile;
import npukit.results.SweepCsv;
import npukit.results.SweepLayersCsv;
import npukit.results.SweepRow;
import npukit.runner.InputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A sweep's results as they accumulate: {@code RESULTS.csv} (one row per point and workload) and
 * {@code RESULTS-layers.csv} beside it (one row per layer of each model that ran). Each row is appended
 * and flushed as its job ends, the per-layer rows before the job's row, so a killed sweep leaves valid
 * files that lose at most the jobs in flight. Resuming reads the rows there (dropping a last line cut
 * short and per-layer rows whose job has no row), checks they belong to this spec and skips those jobs.
 * When every job is done, both files are rewritten in job order, so the files do not depend on the
 * thread count or on how often the sweep was resumed.
 */
public final class SweepResultsFile implements AutoCloseable {

    /** What to do with a results file that already exists. */
    public enum Existing {
        REFUSE, RESUME, REPLACE
    }

    private final Path file;
    private final Path layersFile;
    private final SweepSpec spec;
    private final Set<Integer> done;
    private final OutputStream rows;
    private final OutputStream layers;

    private SweepResultsFile(Path file, SweepSpec spec, Set<Integer> done) throws IOException {
        this.file = file;
        this.layersFile = layersFile(file);
        this.spec = spec;
        this.done = done;
        this.rows = Files.newOutputStream(file, StandardOpenOption.APPEND);
        this.layers = Files.newOutputStream(layersFile, StandardOpenOption.APPEND);
    }

    /** {@code results.csv}: {@code results-layers.csv} beside it. */
    public static Path layersFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-layers"
                + (dot > 0 ? name.substring(dot) : ".csv"));
    }

    public static SweepResultsFile open(Path file, SweepSpec spec, Existing existing) {
        try {
            boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (exists && existing == Existing.RESUME) {
                return resume(file, spec);
            }
            if (exists && existing == Existing.REFUSE) {
                throw new InputException(file + ": already exists; give --resume to go on with it or --force to start over");
            }
            if (!exists && existing == Existing.RESUME) {
                throw new InputException(file + ": no such results file to resume");
            }
            boolean replace = existing == Existing.REPLACE;
            OutputFile.of(file, replace).notOver(spec.file()).writeString(SweepCsv.headerLine(spec.fields()));
            OutputFile.of(layersFile(file), replace).notOver(spec.file()).writeString(SweepLayersCsv.headerLine());
            return new SweepResultsFile(file, spec, new TreeSet<>());
        } catch (IOException e) {
            throw new InputException(file + ": cannot open for appending (" + e.getMessage() + ")", e);
        }
    }

    /** Jobs whose rows the file holds. */
    public Set<Integer> done() {
        return Collections.unmodifiableSet(done);
    }

    /** Appends a finished job: its per-layer rows, then its row, each flushed. */
    public synchronized void append(SweepJobs.Lines job) {
        try {
            if (!job.layers().isEmpty()) {
                layers.write(job.layers().getBytes(StandardCharsets.UTF_8));
                layers.flush();
            }
            rows.write(job.row().getBytes(StandardCharsets.UTF_8));
            rows.flush();
            done.add(job.job());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append (" + e.getMessage() + ")", e);
        }
    }

    /** When every job is done: both files rewritten in job order. */
    public synchronized void finish() {
        close();
        if (done.size() != spec.jobs()) {
            return;
        }
        Map<Integer, String> byJob = new TreeMap<>();
        for (SweepRow r : SweepCsv.read(read(file), file.toString()).rows()) {
            byJob.put(job(r.point(), r.workload()), SweepCsv.line(r));
        }
        OutputFile.of(file, true).writeString(SweepCsv.headerLine(spec.fields()) + String.join("", byJob.values()));
        Map<Integer, List<String>> layerLines = new TreeMap<>();
        forEachLayerLine(layersFile, (point, workload, line) ->
                layerLines.computeIfAbsent(job(point, workload), k -> new ArrayList<>()).add(line));
        StringBuilder sb = new StringBuilder(SweepLayersCsv.headerLine());
        layerLines.values().forEach(lines -> lines.forEach(sb::append));
        OutputFile.of(layersFile, true).writeString(sb.toString());
    }

    @Override
    public synchronized void close() {
        try {
            rows.close();
            layers.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SweepResultsFile resume(Path file, SweepSpec spec) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException(file + ": not a regular file");
        }
        dropCutLine(file);
        String text = read(file);
        List<String> header = SweepCsv.header(spec.fields());
        String firstLine = text.isEmpty() ? "" : text.substring(0, text.indexOf('\n') + 1);
        if (!firstLine.equals(SweepCsv.headerLine(spec.fields()))) {
            throw new InputException(file + ": its header is not this spec's (" + header + "); resume it with the spec"
                    + " that wrote it, or give --force to start over");
        }
        SweepCsv.Parsed parsed;
        try {
            parsed = SweepCsv.read(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
        Set<Integer> done = new TreeSet<>();
        for (SweepRow r : parsed.rows()) {
            int job = jobOf(spec, r, file);
            if (!done.add(job)) {
                throw new InputException(file + ": point " + r.point() + " " + r.workload() + " appears twice");
            }
        }
        Path layersFile = layersFile(file);
        StringBuilder kept = new StringBuilder(SweepLayersCsv.headerLine());
        if (Files.exists(layersFile)) {
            dropCutLine(layersFile);
            String layersText = read(layersFile);
            String layersHeader = layersText.isEmpty() ? "" : layersText.substring(0, layersText.indexOf('\n') + 1);
            if (!layersHeader.isEmpty() && !layersHeader.equals(SweepLayersCsv.headerLine())) {
                throw new InputException(layersFile + ": its header is not the per-layer header this version writes ("
                        + SweepLayersCsv.COLUMNS + "); it was written by another version of npu: give --force to start"
                        + " over");
            }
            forEachLayerLine(layersFile, (point, workload, line) -> {
                int w = workloadIndex(spec, workload);
                if (w >= 0 && done.contains(point * spec.workloads().size() + w)) {
                    kept.append(line);
                }
            });
        }
        OutputFile.of(layersFile, true).writeString(kept.toString());
        return new SweepResultsFile(file, spec, done);
    }

    private static int jobOf(SweepSpec spec, SweepRow r, Path file) {
        int w = workloadIndex(spec, r.workload());
        if (r.point() >= spec.points().size() || w < 0) {
            throw new InputException(file + ": point " + r.point() + " " + r.workload() + " is not in "
                    + spec.file() + "; resume with the spec that wrote it, or give --force to start over");
        }
        String hash = spec.points().get(r.point()).chip().hash();
        if (!hash.equals(r.chip().configHash())) {
            throw new InputException(file + ": point " + r.point() + " ran on chip " + r.chip().configHash()
                    + ", the spec's point " + r.point() + " is " + hash + "; resume with the spec that wrote it, or give"
                    + " --force to start over");
        }
        return r.point() * spec.workloads().size() + w;
    }

    private int job(int point, String workload) {
        return point * spec.workloads().size() + workloadIndex(spec, workload);
    }

    private static int workloadIndex(SweepSpec spec, String name) {
        for (int i = 0; i < spec.workloads().size(); i++) {
            if (spec.workloads().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Each per-layer line with the point and workload it belongs to. */
    private static void forEachLayerLine(Path layersFile, LayerLine action) {
        // Lines are kept as written; only point and workload are parsed.
        String text = read(layersFile);
        int nl = text.indexOf('\n');
        for (int at = nl + 1; at < text.length(); ) {
            int end = text.indexOf('\n', at);
            String line = text.substring(at, end + 1);
            try (CSVParser p = CSVFormat.DEFAULT.parse(new StringReader(line))) {
                CSVRecord r = p.iterator().next();
                action.accept(Integer.parseInt(r.get(0)), r.get(1), line);
            } catch (IOException | RuntimeException e) {
                throw new InputException(layersFile + ": a line does not parse: " + line.strip());
            }
            at = end + 1;
        }
    }

    @FunctionalInterface
    private interface LayerLine {
        void accept(int point, String workload, String line);
    }

    /** A kill can cut the last line short: everything after the last newline goes. */
    private static void dropCutLine(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new InputException(f + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
