package npukit.testbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import npukit.arch.io.ScratchFolder;

/**
 * Builds a loadable model library from SystemVerilog: Verilator to C++, g++ to a shared object that
 * exports {@code npukit_create_model}. Results are cached under the cache folder by a hash of the
 * Verilog, the adaptor and the tool versions, so a config is verilated once per machine. A build is
 * made in a {@link ScratchFolder} and renamed into place whole, so a half-finished build is never
 * reused; the scratch folder goes whether the build succeeds, fails or is interrupted (Ctrl-C, SIGTERM:
 * verilator, make and g++ are stopped first), and one left by a SIGKILL goes at the next build.
 */
public final class VerilatorBuild {

    private static final String PREFIX = "Vmodel";
    private static final String HEADER = "npukit_sim_model.h";
    /** Changes whenever the adaptor or the build recipe changes, so stale builds are not reused. */
    private static final String RECIPE = "recipe-2";
    private static final List<String> RUNTIME_UNITS = List.of("verilated", "verilated_threads");
    private static final String LIBRARY = "libmodel.so";
    /** The folder inside a build's scratch folder that becomes the cache entry. */
    private static final String OUT = "out";
    private static final Duration LEGACY_AGE = Duration.ofHours(1);

    private final Path cacheRoot;

    public VerilatorBuild(Path cacheRoot) {
        this.cacheRoot = cacheRoot.resolve("verilator");
    }

    /** The cache folder the project uses: {@code -Dnpukit.cache}, else {@code .cache} here. */
    public static VerilatorBuild atDefaultCache() {
        return new VerilatorBuild(Path.of(System.getProperty("npukit.cache", ".cache")).toAbsolutePath());
    }

    /** Returns the shared object for this Verilog, building it if the cache has none. */
    public Path library(String verilog, String topModule) {
        String header = resource(HEADER);
        String key = sha256(RECIPE, verilatorVersion(), topModule, header, verilog).substring(0, 24);
        Path done = cacheRoot.resolve(topModule + "-" + key);
        Path lib = done.resolve(LIBRARY);
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        try {
            Files.createDirectories(cacheRoot);
            removeLitter();
            try (ScratchFolder scratch = ScratchFolder.create(cacheRoot, topModule + "-build")) {
                build(scratch, verilog, topModule, header);
                publish(scratch, done);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the model of " + topModule + " in " + cacheRoot, e);
        }
        return lib;
    }

    /**
     * Builds in the scratch folder; what is published goes into its {@code out} folder, renamed into the
     * cache whole.
     */
    private void build(ScratchFolder scratch, String verilog, String top, String header) throws IOException {
        Path dir = scratch.path();
        Path out = Files.createDirectory(dir.resolve(OUT));
        Path sv = dir.resolve(top + ".sv");
        Files.writeString(sv, verilog);
        Files.writeString(dir.resolve(HEADER), header);
        Path obj = dir.resolve("obj");
        ExternalTool.run(List.of("verilator", "--cc", sv.toString(), "--top-module", top, "--prefix", PREFIX,
                "-Mdir", obj.toString(), "--build", "-j", "2", "-Wno-fatal",
                "-CFLAGS", "-fPIC",
                "-MAKEFLAGS", "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"), scratch);
        String verilatedHeader = Files.readString(obj.resolve(PREFIX + ".h"));
        Path adaptor = out.resolve("adaptor.cpp");
        Files.writeString(adaptor, ModelAdaptor.source(PREFIX, ModelAdaptor.ports(verilatedHeader)));
        String root = verilatorRoot();
        List<String> gcc = new ArrayList<>(List.of("g++", "-std=c++17", "-O2", "-fPIC", "-shared",
                "-I" + obj, "-I" + dir, "-I" + root + "/include", "-I" + root + "/include/vltstd",
                adaptor.toString(), obj.resolve(PREFIX + "__ALL.a").toString()));
        for (Path o : runtimeObjects(root, scratch)) {
            gcc.add(o.toString());
        }
        gcc.addAll(List.of("-pthread", "-o", out.resolve(LIBRARY).toString()));
        ExternalTool.run(gcc, scratch);
    }

    /**
     * Verilator's own runtime, compiled once per Verilator version with -fPIC so it can go into a
     * shared object (the Debian package ships it as source only). Each object is compiled in the scratch
     * folder and renamed into the runtime folder when complete.
     */
    private List<Path> runtimeObjects(String root, ScratchFolder scratch) throws IOException {
        Path dir = cacheRoot.resolve("runtime-" + sha256(RECIPE, verilatorVersion()).substring(0, 16));
        List<Path> objects = new ArrayList<>();
        for (String unit : RUNTIME_UNITS) {
            Path o = dir.resolve(unit + ".o");
            objects.add(o);
            if (Files.isRegularFile(o)) {
                continue;
            }
            Files.createDirectories(dir);
            Path compiled = scratch.path().resolve("runtime-" + unit + ".o");
            ExternalTool.run(List.of("g++", "-std=c++17", "-O2", "-fPIC", "-c",
                    "-I" + root + "/include", "-I" + root + "/include/vltstd",
                    "-DVM_COVERAGE=0", "-DVM_SC=0", "-DVM_TRACE=0", "-DVM_TRACE_FST=0", "-DVM_TRACE_VCD=0",
                    root + "/include/" + unit + ".cpp", "-o", compiled.toString()), scratch);
            scratch.moveIntoPlace(compiled, o);
        }
        return objects;
    }

    /** Renames the finished build into the cache. */
    private static void publish(ScratchFolder scratch, Path done) throws IOException {
        Path out = scratch.path().resolve(OUT);
        if (scratch.moveIntoPlace(out, done) || Files.isRegularFile(done.resolve(LIBRARY))) {
            // Either ours is in place, or another process finished the same build first (identical).
            return;
        }
        // A folder without a library: left by a version that published in two steps. Replace it.
        ScratchFolder.deleteTree(done);
        if (!scratch.moveIntoPlace(out, done) && !Files.isRegularFile(done.resolve(LIBRARY))) {
            throw new IOException(done + " exists and holds no " + LIBRARY);
        }
    }

    /**
     * Removes what interrupted builds left in the cache: scratch folders whose process has ended (a
     * SIGKILL; Ctrl-C and SIGTERM remove their own), and the half-built folders and objects of versions
     * before the scratch folders, once they are an hour old (no build takes that long, so none is in use).
     */
    private void removeLitter() {
        try {
            ScratchFolder.removeStale(cacheRoot);
            List<Path> legacy;
            try (Stream<Path> s = Files.walk(cacheRoot, 2)) {
                legacy = s.filter(p -> {
                    String name = p.getFileName().toString();
                    return !name.startsWith(ScratchFolder.PREFIX) && (name.contains("-build-")
                            || name.contains(".staged-") || name.endsWith(".o.tmp"));
                }).filter(p -> ScratchFolder.olderThan(p, LEGACY_AGE)).toList();
            }
            for (Path p : legacy) {
                ScratchFolder.deleteTree(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // Litter costs only disk space, and another process may be removing it too: never fail a build on it.
        }
    }

    private static String verilatorVersion() {
        return ExternalTool.run(List.of("verilator", "--version"), Path.of(".")).trim();
    }

    private static String verilatorRoot() {
        return ExternalTool.run(List.of("verilator", "--getenv", "VERILATOR_ROOT"), Path.of(".")).trim();
    }

    static String resource(String name) {
        try (InputStream in = VerilatorBuild.class.getResourceAsStream("cpp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource npukit/testbench/cpp/" + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
