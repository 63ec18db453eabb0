package npukit.compiler.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every ONNX backend test of Debian's libonnx-testdata ({@code node}, {@code pytorch-converted},
 * {@code pytorch-operator}) whose model the importer supports runs through the interpreter and must
 * match its expected outputs. Writes the full list (ran, skipped and why) to
 * {@code target/onnx-conformance.txt} and prints it.
 */
class OnnxConformanceTest {

    static final Path DATA = Path.of(System.getProperty("npukit.onnx.testdata", "/usr/share/libonnx-testdata/data"));
    static final List<String> SUITES = List.of("node", "pytorch-converted", "pytorch-operator");

    /** Tests of the operators this project relies on: each must run and pass, so a broken importer cannot skip them. */
    static final Set<String> MUST_PASS = Set.of(
            "node/test_basic_conv_with_padding", "node/test_conv_with_strides_and_asymmetric_padding",
            "node/test_conv_with_autopad_same", "node/test_gemm_all_attributes", "node/test_matmul_4d",
            "node/test_maxpool_2d_ceil", "node/test_maxpool_2d_dilations", "node/test_averagepool_2d_pads_count_include_pad",
            "node/test_globalaveragepool", "node/test_batchnorm_example", "node/test_flatten_axis3",
            "node/test_reshape_negative_extended_dims", "node/test_transpose_all_permutations_5", "node/test_concat_3d_axis_1",
            "node/test_softmax_axis_0", "node/test_logsoftmax_large_number", "node/test_relu", "node/test_leakyrelu",
            "node/test_clip_splitbounds", "node/test_add_bcast", "node/test_quantizelinear_axis",
            "node/test_dequantizelinear_axis", "node/test_qlinearconv", "node/test_qlinearmatmul_3D",
            "node/test_convinteger_with_padding", "node/test_matmulinteger", "pytorch-converted/test_Conv2d_depthwise_with_multiplier",
            "pytorch-converted/test_Conv2d_groups", "pytorch-converted/test_Conv2d_dilated");

    @Test
    void everySupportedBackendTestMatchesItsExpectedOutputs() throws IOException {
        if (!Files.isDirectory(DATA.resolve("node"))) {
            fail("ONNX backend test data is missing: no " + DATA.resolve("node") + ". Run the README's test command"
                    + " ./run-tests, which installs the Debian package libonnx-testdata"
                    + " (or: apt-get install -y libonnx-testdata).");
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (String suite : SUITES) {
            Path dir = DATA.resolve(suite);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> tests = Files.list(dir)) {
                for (Path t : tests.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList()) {
                    outcomes.add(ConformanceCase.run(suite + "/" + t.getFileName(), t));
                }
            }
        }
        String report = report(outcomes);
        Path file = Path.of("target", "onnx-conformance.txt");
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "onnx-conformance", ".tmp");
        Files.writeString(tmp, report, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.print(report);

        List<String> failed = outcomes.stream().filter(o -> o.status() == Outcome.Status.FAIL).map(Outcome::line).toList();
        assertEquals(List.of(), failed, "supported ONNX backend tests that fail (full list in " + file.toAbsolutePath() + ")");
        Set<String> passed = outcomes.stream().filter(o -> o.status() == Outcome.Status.PASS).map(Outcome::test)
                .collect(Collectors.toSet());
        List<String> missing = MUST_PASS.stream().filter(t -> !passed.contains(t)).sorted().toList();
        assertTrue(missing.isEmpty(), "these backend tests did not run and pass: " + missing);
    }

    /** A skip reason without the test's own value names and shapes, so like reasons group together. */
    static String reasonKind(Outcome o) {
        return o.detail().replaceAll("(graph input |value |test data tensor )[^ :]*: ", "")
                .replaceAll("%[^:]+: [a-z0-9]+\\[[^\\]]*\\]", "<tensor>");
    }

    private static String report(List<Outcome> outcomes) {
        Map<Outcome.Status, Long> counts = outcomes.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new,
                Collectors.counting()));
        Map<String, Long> reasons = outcomes.stream().filter(o -> o.status() == Outcome.Status.SKIP)
                .collect(Collectors.groupingBy(OnnxConformanceTest::reasonKind, TreeMap::new, Collectors.counting()));
        StringBuilder sb = new StringBuilder("ONNX backend tests from " + DATA + " (" + String.join(", ", SUITES) + ")\n");
        sb.append("float outputs within rtol ").append(ConformanceCase.RTOL).append(", atol ").append(ConformanceCase.ATOL)
                .append("; integer outputs exactly\n");
        sb.append(outcomes.size()).append(" tests: ").append(counts).append('\n');
        sb.append("\nskip reasons (tests):\n");
        reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sb.append(String.format("  %4d  %s%n", e.getValue(), e.getKey())));
        sb.append("\nevery test:\n");
        outcomes.forEach(o -> sb.append(o.line()).append('\n'));
        return sb.toString();
    }
}
