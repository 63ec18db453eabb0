package npukit.testbench.synth;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import npukit.arch.config.ChipConfig;
import npukit.arch.io.OutputFile;
import npukit.arch.io.ScratchFolder;
import npukit.sim.fpga.FpgaFamily;
import npukit.testbench.RtlBuildException;

/**
 * Runs Yosys on the generated NPU for one FPGA family and caches the report by the chip's config
 * hash (and the Yosys version and this recipe) under the cache folder the Verilator builds use. The
 * multi-write-port memories are black boxes ({@link RtlMemory#counted()}), so Yosys neither flattens
 * them into flip-flops nor spends minutes on them; their block RAMs are computed ({@link RtlMemory#blocks}).
 */
public final class YosysSynthesis {

    /** Changes whenever the Yosys script or the counting changes, so stale reports are not reused. */
    private static final String RECIPE = "synth-2";

    /**
     * The largest array synthesized: 32x32 PEs. Synthesized module by module, the PE is mapped once, so
     * Yosys's time grows with the array's edge (columns' quantization lanes, skew registers), not its
     * area: a 16x16 NPU took 158 s of CPU (docs/synthesis.md). The bound is a judgement: 32x32 was not run.
     */
    public static final int MAX_PES = 32 * 32;

    private final Path cacheRoot;
    private String version;

    public YosysSynthesis(Path cacheRoot) {
        this.cacheRoot = cacheRoot.resolve("yosys");
    }

    /** The cache folder the project uses: {@code -Dnpukit.cache}, else {@code .cache} here. */
    public static YosysSynthesis atDefaultCache() {
        return new YosysSynthesis(Path.of(System.getProperty("npukit.cache", ".cache")).toAbsolutePath());
    }

    private Path folder(ChipConfig chip, FpgaFamily family) {
        String tool = yosysVersion().replaceAll("[^0-9.]", " ").trim().split(" +")[0];
        return cacheRoot.resolve(family.fileName() + "-" + chip.hash() + "-" + RECIPE + "-yosys" + tool);
    }

    /** The cache entry of this chip and family: report, Verilog, script and Yosys's log. */
    public Path cacheFolder(ChipConfig chip, FpgaFamily family) {
        return folder(chip, family);
    }

    /** The cached report, or null if this chip and family were never synthesized with this Yosys. */
    public SynthReport cached(ChipConfig chip, FpgaFamily family) {
        Path file = folder(chip, family).resolve("report.txt");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            SynthReport r = SynthReport.fromText(Files.readString(file));
            return r != null && r.hash().equals(chip.hash()) && r.family() == family ? r : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Synthesizes the Verilog generated for {@code chip} and caches the report. */
    public SynthReport run(ChipConfig chip, FpgaFamily family, String verilog) {
        return run(chip, family, verilog, log -> { });
    }

    /**
     * Synthesizes in a {@link ScratchFolder} beside the cache entries and renames the finished entry
     * into place whole, so an interrupted run (Ctrl-C, a killed JVM) never leaves a half-written entry
     * that a later run would read; the scratch folder and a Yosys still running go either way. On
     * failure Yosys's log is kept beside the entries. {@code onLog} is told where the log of the
     * running Yosys is (inside the scratch folder), for a progress line.
     */
    public SynthReport run(ChipConfig chip, FpgaFamily family, String verilog, Consumer<Path> onLog) {
        Path done = folder(chip, family);
        Path failedLog = cacheRoot.resolve(done.getFileName() + ".failed.log");
        try {
            Files.createDirectories(cacheRoot);
            ScratchFolder.removeStale(cacheRoot);
            try (ScratchFolder scratch = ScratchFolder.create(cacheRoot, done.getFileName().toString())) {
                Path dir = Files.createDirectory(scratch.path().resolve("out"));
                SynthReport report = synthesize(scratch, dir, chip, family, verilog, onLog, failedLog);
                publish(scratch, dir, done, chip, family);
                Files.deleteIfExists(failedLog);
                return report;
            }
        } catch (IOException e) {
            throw new RtlBuildException("cannot run yosys for " + chip.name() + " in " + cacheRoot + " ("
                    + e.getMessage() + "); install it with: apt-get install -y yosys (the README's test command"
                    + " does this)", e);
        }
    }

    private SynthReport synthesize(ScratchFolder scratch, Path dir, ChipConfig chip, FpgaFamily family,
            String verilog, Consumer<Path> onLog, Path failedLog) throws IOException {
        Path log = dir.resolve("yosys.log");
        Path sv = dir.resolve("Npu.sv");
        OutputFile.of(sv, true).writeString(verilog);
        List<RtlMemory> memories = RtlMemory.parse(verilog);
        String boxes = memories.stream().filter(RtlMemory::counted).map(RtlMemory::module)
                .collect(Collectors.joining(" "));
        // Relative paths: the script stays valid after the folder is renamed into the cache.
        String script = "read_verilog -sv Npu.sv\n" + (boxes.isEmpty() ? "" : "blackbox " + boxes + "\n")
                + family.synthCommand() + "\nstat -top Npu\n";
        OutputFile.of(dir.resolve("synth.ys"), true).writeString(script);
        onLog.accept(log);
        long start = System.nanoTime();
        int exit;
        try {
            Process p = scratch.start(new ProcessBuilder("yosys", "-q", "-l", "yosys.log", "-s", "synth.ys")
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("yosys.out").toFile()));
            exit = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RtlBuildException("interrupted while running yosys on " + chip.name(), e);
        }
        long seconds = Math.round((System.nanoTime() - start) / 1e9);
        String text = Files.isRegularFile(log) ? Files.readString(log) : "";
        if (exit != 0 || !text.contains("Number of cells:")) {
            OutputFile.of(failedLog, true).writeString(text);
            throw new RtlBuildException("yosys failed on " + chip.name() + " (" + family.fileName() + ", exit "
                    + exit + ")" + lastError(dir.resolve("yosys.out")) + "; its log: " + failedLog);
        }
        Map<String, Long> cells = new LinkedHashMap<>(SynthReport.statCells(text));
        Map<RtlMemory, Long> counted = new LinkedHashMap<>();
        for (RtlMemory m : memories) {
            Long n = cells.remove(m.module());
            if (m.counted() && n != null) {
                counted.put(m, n);
            }
        }
        SynthReport report = new SynthReport(chip.name(), chip.hash(), family, yosysVersion(), cells, counted,
                seconds);
        OutputFile.of(dir.resolve("report.txt"), true).writeString(report.toText());
        return report;
    }

    /** Renames the finished entry into the cache, replacing an entry whose report is unreadable. */
    private void publish(ScratchFolder scratch, Path dir, Path done, ChipConfig chip, FpgaFamily family)
            throws IOException {
        if (scratch.moveIntoPlace(dir, done) || cached(chip, family) != null) {
            return; // ours is in place, or another process finished the same run first (Yosys is deterministic)
        }
        ScratchFolder.deleteTree(done);
        if (!scratch.moveIntoPlace(dir, done) && cached(chip, family) == null) {
            throw new IOException(done + " exists and holds no readable report");
        }
    }

    private static String lastError(Path out) throws IOException {
        if (!Files.isRegularFile(out)) {
            return "";
        }
        return Files.readAllLines(out).stream().filter(l -> l.startsWith("ERROR")).reduce((a, b) -> b)
                .map(l -> ": " + l).orElse("");
    }

    /** The first line of {@code yosys -V}, e.g. {@code Yosys 0.23 (git sha1 7ce5011c24b)}. */
    public synchronized String yosysVersion() {
        if (version == null) {
            try {
                Process p = new ProcessBuilder("yosys", "-V").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                p.waitFor();
                version = out.lines().findFirst().orElse("yosys (unknown version)");
            } catch (IOException e) {
                throw new RtlBuildException("cannot run yosys (" + e.getMessage()
                        + "); install it with: apt-get install -y yosys (the README's test command does this)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RtlBuildException("interrupted while asking yosys for its version", e);
            }
        }
        return version;
    }

    private static final Pattern PASS = Pattern.compile("^[0-9.]+ Executing (.+?)\\.?$", Pattern.MULTILINE);

    /** The pass Yosys is running, from the end of its log, for a progress line; empty if unknown. */
    public static String currentPass(Path log) {
        if (log == null || !Files.isRegularFile(log)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - 16_384);
            byte[] tail = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(tail);
            Matcher m = PASS.matcher(new String(tail, StandardCharsets.UTF_8));
            String last = "";
            while (m.find()) {
                last = m.group(1);
            }
            return last;
        } catch (IOException e) {
            return "";
        }
    }
}
