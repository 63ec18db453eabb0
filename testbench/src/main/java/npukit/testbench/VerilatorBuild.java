package npukit.testbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a loadable model library from SystemVerilog: Verilator to C++, g++ to a shared object that
 * exports {@code npukit_create_model}. Results are cached under the cache folder by a hash of the
 * Verilog, the adaptor and the tool versions, so a config is verilated once per machine; a build is
 * made in a scratch folder and renamed into place, so a half-finished build is never reused.
 */
public final class VerilatorBuild {

    private static final String PREFIX = "Vmodel";
    private static final String HEADER = "npukit_sim_model.h";
    /** Changes whenever the adaptor or the build recipe changes, so stale builds are not reused. */
    private static final String RECIPE = "recipe-2";
    private static final List<String> RUNTIME_UNITS = List.of("verilated", "verilated_threads");

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
        Path lib = done.resolve("libmodel.so");
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        try {
            Files.createDirectories(cacheRoot);
            Path scratch = Files.createTempDirectory(cacheRoot, topModule + "-build-");
            try {
                build(scratch, verilog, topModule, header);
                publish(scratch, done);
            } finally {
                deleteTree(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the model of " + topModule + " in " + cacheRoot, e);
        }
        return lib;
    }

    private void build(Path dir, String verilog, String top, String header) throws IOException {
        Path sv = dir.resolve(top + ".sv");
        Files.writeString(sv, verilog);
        Files.writeString(dir.resolve(HEADER), header);
        Path obj = dir.resolve("obj");
        ExternalTool.run(List.of("verilator", "--cc", sv.toString(), "--top-module", top, "--prefix", PREFIX,
                "-Mdir", obj.toString(), "--build", "-j", "2", "-Wno-fatal",
                "-CFLAGS", "-fPIC",
                "-MAKEFLAGS", "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"), dir);
        String verilatedHeader = Files.readString(obj.resolve(PREFIX + ".h"));
        Path adaptor = dir.resolve("adaptor.cpp");
        Files.writeString(adaptor, ModelAdaptor.source(PREFIX, ModelAdaptor.ports(verilatedHeader)));
        String root = verilatorRoot();
        List<String> gcc = new ArrayList<>(List.of("g++", "-std=c++17", "-O2", "-fPIC", "-shared",
                "-I" + obj, "-I" + dir, "-I" + root + "/include", "-I" + root + "/include/vltstd",
                adaptor.toString(), obj.resolve(PREFIX + "__ALL.a").toString()));
        for (Path o : runtimeObjects(root)) {
            gcc.add(o.toString());
        }
        gcc.addAll(List.of("-pthread", "-o", dir.resolve("libmodel.so").toString()));
        ExternalTool.run(gcc, dir);
    }

    /**
     * Verilator's own runtime, compiled once per Verilator version with -fPIC so it can go into a
     * shared object (the Debian package ships it as source only).
     */
    private List<Path> runtimeObjects(String root) throws IOException {
        Path dir = cacheRoot.resolve("runtime-" + sha256(RECIPE, verilatorVersion()).substring(0, 16));
        List<Path> objects = new ArrayList<>();
        for (String unit : RUNTIME_UNITS) {
            Path o = dir.resolve(unit + ".o");
            objects.add(o);
            if (Files.isRegularFile(o)) {
                continue;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, unit, ".o.tmp");
            ExternalTool.run(List.of("g++", "-std=c++17", "-O2", "-fPIC", "-c",
                    "-I" + root + "/include", "-I" + root + "/include/vltstd",
                    "-DVM_COVERAGE=0", "-DVM_SC=0", "-DVM_TRACE=0", "-DVM_TRACE_FST=0", "-DVM_TRACE_VCD=0",
                    root + "/include/" + unit + ".cpp", "-o", tmp.toString()), dir);
            Files.move(tmp, o, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return objects;
    }

    private static void publish(Path scratch, Path done) throws IOException {
        Path staged = Files.createDirectories(done.resolveSibling(done.getFileName() + ".staged-" + ProcessHandle.current().pid()));
        Files.move(scratch.resolve("libmodel.so"), staged.resolve("libmodel.so"));
        Files.move(scratch.resolve("adaptor.cpp"), staged.resolve("adaptor.cpp"));
        try {
            Files.move(staged, done, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // Another process finished the same build first; its result is identical.
            deleteTree(staged);
        } catch (IOException e) {
            if (Files.isRegularFile(done.resolve("libmodel.so"))) {
                deleteTree(staged);
            } else {
                throw e;
            }
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

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
