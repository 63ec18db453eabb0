package npukit.compiler.quant;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.Im2col;
import npukit.compiler.lower.NpuLayer;

/**
 * A fused layer quantized for one chip: the integer layer the NPU runs and how the host converts its
 * input and output between reals and codes.
 *
 * @param source       the float layer
 * @param npu          the integer layer: X codes times W codes, per-column quant unit registers
 * @param input        how the host encodes X (and the code it pads im2col with)
 * @param output       how the host decodes Y
 * @param weightScales real value of one weight code step per output column (for a log PE, of 2^0);
 *                     an accumulator unit of column j is worth input.scale() * weightScales[j]
 * @param notes        decisions a reader should know about (a widened output scale, narrowed weight
 *                     codes, ...), one sentence each; empty when the layer was quantized as configured
 * @param groupInputs  for a grouped convolution whose X is encoded group by group, the codecs of the
 *                     groups ({@link GroupInputs}), which replace {@code input} when X is built; column j's
 *                     accumulator unit is then its group's input scale times weightScales[j]
 */
public record QuantizedLayer(FusedLayer source, NpuLayer npu, ActivationCodec input, ActivationCodec output,
                             double[] weightScales, List<String> notes, Optional<GroupInputs> groupInputs) {

    public QuantizedLayer(FusedLayer source, NpuLayer npu, ActivationCodec input, ActivationCodec output,
                          double[] weightScales, List<String> notes) {
        this(source, npu, input, output, weightScales, notes, Optional.empty());
    }

    public QuantizedLayer {
        if (source == null || npu == null || input == null || output == null || weightScales == null
                || notes == null || groupInputs == null) {
            throw new IllegalArgumentException("quantized layer: every field is required");
        }
        if (weightScales.length != npu.n()) {
            throw new IllegalArgumentException("quantized layer " + npu.name() + ": " + weightScales.length
                    + " weight scales for " + npu.n() + " columns");
        }
        if (input.kind() != ActivationCodec.Kind.AFFINE) {
            throw new IllegalArgumentException("quantized layer " + npu.name() + ": the input codec must be affine, "
                    + "since X enters the array as linear operands");
        }
        weightScales = weightScales.clone();
        notes = List.copyOf(notes);
    }

    /**
     * X of a convolution layer from its input image as reals: im2col of the codes, each channel encoded
     * with its group's codec and padded with its zero code when the layer has group inputs, else with
     * {@code input}.
     */
    public int[] convX(Im2col im2col, double[] image) {
        if (groupInputs.isPresent()) {
            return im2col.rows(groupInputs.get().encode(image), groupInputs.get().padCodes());
        }
        return im2col.rows(input.encode(image), input.zeroCode());
    }

    /**
     * R of a layer with a residual: the residual's reals (the layer output's layout: NCHW for a
     * convolution, rows of n for dense) as an m x n matrix of accumulator codes, column j's value divided
     * by its accumulator unit s_x s_w,j, rounded to nearest (ties to even) and saturated to A bits. The
     * unit is far finer than the output's code step, so the sum loses nothing a rounding mode could change.
     */
    public int[] residualCodes(double[] values, int accumulatorBits) {
        int m = npu.m();
        int n = npu.n();
        if (!npu.residual() || values.length != (long) m * n) {
            throw new IllegalArgumentException("layer " + npu.name() + ": " + values.length + " residual values for "
                    + (npu.residual() ? "an " + m + " x " + n + " output" : "a layer without a residual"));
        }
        double limit = Math.pow(2, accumulatorBits - 1) - 1;
        int[] codes = new int[m * n];
        int batchPixels = 1;
        if (source.isConv()) {
            ImageShape out = ImageShape.of(source.output().type());
            batchPixels = out.h() * out.w();
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                // A convolution's NCHW value of pixel i (batch b, position p) and channel j; dense rows as they are.
                int at = source.isConv() ? ((i / batchPixels) * n + j) * batchPixels + i % batchPixels : i * n + j;
                double code = Math.rint(values[at] / (input.scale() * weightScales[j]));
                codes[i * n + j] = (int) Math.max(-limit, Math.min(limit, code));
            }
        }
        return codes;
    }

    @Override
    public double[] weightScales() {
        return weightScales.clone();
    }

    // Arrays compare by identity in a record's generated methods; compare contents instead.
    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedLayer q && source.equals(q.source) && npu.equals(q.npu) && input.equals(q.input)
                && output.equals(q.output) && Arrays.equals(weightScales, q.weightScales) && notes.equals(q.notes)
                && groupInputs.equals(q.groupInputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, npu, input, output, Arrays.hashCode(weightScales), notes, groupInputs);
    }
}
