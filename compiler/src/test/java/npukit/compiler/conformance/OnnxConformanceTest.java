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
 * match its expected outputs. Tests with a node that runs on ONNX Runtime are reported apart and not
 * counted as run (the runtime would be checked against itself). Writes the full list (ran, skipped and
 * why, run by ONNX Runtime) to {@code target/onnx-conformance.txt} and prints it; at least
 * {@link #MIN_PASSED} must pass.
 */
class OnnxConformanceTest {

    static final Path DATA = Path.of(System.getProperty("npukit.onnx.testdata", "/usr/share/libonnx-testdata/data"));
    static final List<String> SUITES = List.of("node", "pytorch-converted", "pytorch-operator");

    /** Three times the 168 that ran before the IR grew past its first 24 operators. */
    static final int MIN_PASSED = 504;

    /**
     * Tests of the operators this project relies on, at least one per operator the interpreter runs (and
     * the attribute variants real models use): each must run in the interpreter and pass, so a broken
     * importer cannot skip them.
     */
    static final Set<String> MUST_PASS = Set.of(
            // the first 24 operators
            "node/test_basic_conv_with_padding", "node/test_conv_with_strides_and_asymmetric_padding",
            "node/test_conv_with_autopad_same", "node/test_gemm_all_attributes", "node/test_matmul_4d",
            "node/test_maxpool_2d_ceil", "node/test_maxpool_2d_dilations", "node/test_averagepool_2d_pads_count_include_pad",
            "node/test_globalaveragepool", "node/test_batchnorm_example", "node/test_flatten_axis3",
            "node/test_reshape_negative_extended_dims", "node/test_transpose_all_permutations_5", "node/test_concat_3d_axis_1",
            "node/test_softmax_axis_0", "node/test_logsoftmax_large_number", "node/test_relu", "node/test_leakyrelu",
            "node/test_clip_splitbounds", "node/test_add_bcast", "node/test_quantizelinear_axis",
            "node/test_dequantizelinear_axis", "node/test_qlinearconv", "node/test_qlinearmatmul_3D",
            "node/test_convinteger_with_padding", "node/test_matmulinteger", "pytorch-converted/test_Conv2d_depthwise_with_multiplier",
            "pytorch-converted/test_Conv2d_groups", "pytorch-converted/test_Conv2d_dilated",
            // 1-D convolutions and pools, lifted to 2-D
            "pytorch-converted/test_Conv1d_groups", "pytorch-converted/test_Conv1d_pad2", "pytorch-converted/test_MaxPool1d_stride_padding_dilation",
            "node/test_averagepool_1d_default",
            // element-wise, one operand
            "node/test_abs", "node/test_neg", "node/test_sqrt", "node/test_exp", "node/test_log", "node/test_erf",
            "node/test_tanh", "node/test_sigmoid", "node/test_hardsigmoid", "node/test_hardswish", "node/test_reciprocal",
            "node/test_floor", "node/test_ceil", "node/test_round", "node/test_sign", "node/test_not_2d", "node/test_isnan",
            "node/test_isinf", "node/test_elu", "node/test_selu", "node/test_celu", "node/test_softplus", "node/test_softsign",
            "node/test_thresholdedrelu", "node/test_shrink_hard", "node/test_sin", "node/test_cos", "node/test_atanh",
            "node/test_clip_default_int8_min", "pytorch-operator/test_operator_selu",
            // element-wise, two or more operands, broadcasting
            "node/test_sub_bcast", "node/test_mul_bcast", "node/test_div_bcast", "node/test_pow_bcast_array",
            "node/test_pow_types_int32_int32", "node/test_mod_mixed_sign_int32", "node/test_mod_mixed_sign_float32",
            "node/test_min_example", "node/test_max_example", "node/test_sum_example", "node/test_mean_example",
            "node/test_prelu_broadcast", "node/test_equal_bcast", "node/test_less_bcast", "node/test_greater_bcast",
            "node/test_less_equal", "node/test_greater_equal", "node/test_and_bcast4v3d", "node/test_or_bcast3v1d",
            "node/test_xor_bcast4v4d", "node/test_bitshift_right_uint8", "node/test_where_long_example",
            "pytorch-converted/test_PReLU_2d",
            // reductions and normalizations
            "node/test_reduce_mean_keepdims_random", "node/test_reduce_sum_do_not_keepdims_example",
            "node/test_reduce_sum_empty_axes_input_noop_example", "node/test_reduce_max_negative_axes_keepdims_example",
            "node/test_reduce_min_do_not_keepdims_random", "node/test_reduce_prod_keepdims_random",
            "node/test_reduce_l2_do_not_keepdims_example", "node/test_reduce_log_sum_exp_keepdims_random",
            "node/test_argmax_negative_axis_keepdims_random_select_last_index", "node/test_argmin_no_keepdims_example",
            "node/test_globalmaxpool", "node/test_layer_normalization_4d_axis_negative_2",
            "node/test_layer_normalization_default_axis_expanded", "node/test_instancenorm_example",
            "node/test_softmax_negative_axis", "node/test_logsoftmax_axis_1", "node/test_cumsum_2d_axis_1",
            "node/test_cumsum_1d_reverse_exclusive",
            // shapes, indexing, data movement
            "node/test_shape_start_negative_1", "node/test_size", "node/test_cast_FLOAT_to_DOUBLE", "node/test_castlike_FLOAT_to_DOUBLE",
            "node/test_gather_1", "node/test_gather_negative_indices", "node/test_gather_elements_negative_indices",
            "node/test_slice_negative_axes", "node/test_slice_neg_steps", "node/test_slice_start_out_of_bounds",
            "node/test_split_variable_parts_2d", "node/test_split_zero_size_splits", "node/test_squeeze_negative_axes",
            "node/test_unsqueeze_unsorted_axes", "node/test_unsqueeze_three_axes", "node/test_expand_dim_unchanged",
            "node/test_tile_precomputed", "node/test_constantofshape_int_zeros", "node/test_range_int32_type_negative_delta",
            "node/test_constant_pad", "node/test_reflect_pad", "node/test_edge_pad", "node/test_depthtospace_example",
            "node/test_depthtospace_crd_mode_example", "node/test_spacetodepth_example", "node/test_triu_one_row",
            "node/test_tril_neg", "node/test_identity", "node/test_dropout_default_mask", "pytorch-operator/test_operator_chunk",
            "pytorch-operator/test_operator_pad", "pytorch-operator/test_operator_repeat",
            // resampling, transposed convolution, dynamic quantization
            "node/test_resize_upsample_scales_nearest", "node/test_resize_upsample_scales_linear",
            "node/test_resize_upsample_scales_linear_align_corners", "node/test_resize_downsample_scales_linear",
            "node/test_resize_upsample_scales_cubic_asymmetric", "node/test_resize_downsample_scales_cubic_A_n0p5_exclude_outside",
            "node/test_resize_upsample_sizes_nearest_floor_align_corners", "node/test_resize_upsample_sizes_nearest_ceil_half_pixel",
            "node/test_resize_tf_crop_and_resize", "node/test_resize_downsample_sizes_linear_pytorch_half_pixel",
            "node/test_upsample_nearest", "node/test_convtranspose", "node/test_convtranspose_pads",
            "node/test_convtranspose_autopad_same", "node/test_convtranspose_output_shape", "node/test_convtranspose_dilations",
            "node/test_dynamicquantizelinear", "node/test_dynamicquantizelinear_min_adjusted_expanded");

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
        assertTrue(passed.size() >= MIN_PASSED, passed.size() + " backend tests ran and passed; at least " + MIN_PASSED + " must");
    }

    /** A skip reason without the test's own value names and shapes, so like reasons group together. */
    static String reasonKind(Outcome o) {
        if (o.status() != Outcome.Status.SKIP) {
            return o.status() + ": " + o.detail().substring(0, o.detail().indexOf(';'));
        }
        return o.detail().replaceAll("(graph input |value |test data tensor )[^ :]*: ", "")
                .replaceAll("%[^:]+: [a-z0-9]+\\[[^\\]]*\\]", "<tensor>");
    }

    private static String report(List<Outcome> outcomes) {
        Map<Outcome.Status, Long> counts = outcomes.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new,
                Collectors.counting()));
        Map<String, Long> reasons = outcomes.stream().filter(o -> o.status() == Outcome.Status.SKIP
                        || o.status() == Outcome.Status.RUNTIME_MATCH || o.status() == Outcome.Status.RUNTIME_DIFFER)
                .collect(Collectors.groupingBy(OnnxConformanceTest::reasonKind, TreeMap::new, Collectors.counting()));
        StringBuilder sb = new StringBuilder("ONNX backend tests from " + DATA + " (" + String.join(", ", SUITES) + ")\n");
        sb.append("float outputs within rtol ").append(ConformanceCase.RTOL).append(", atol ").append(ConformanceCase.ATOL)
                .append("; integer outputs exactly\n");
        sb.append(outcomes.size()).append(" tests: ").append(counts).append('\n');
        sb.append("PASS and FAIL ran in the interpreter; RUNTIME_MATCH and RUNTIME_DIFFER ran some node on ONNX Runtime"
                + " (not counted as run; DIFFER: the runtime's result is not the test's)\n");
        sb.append("\nskip and ONNX Runtime reasons (tests):\n");
        reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sb.append(String.format("  %4d  %s%n", e.getValue(), e.getKey())));
        sb.append("\nevery test:\n");
        outcomes.forEach(o -> sb.append(o.line()).append('\n'));
        return sb.toString();
    }
}
