package npukit.compiler.runtime;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.CalibrationMethod;

/**
 * How to compile a model for a chip.
 *
 * @param batch       the batch size the program is built for (the graph's unknown batch dimension)
 * @param calibration sample inputs (graph input name to a tensor of one sample, batch 1) used to
 *                    calibrate activation ranges
 * @param method      the calibration method
 * @param chain       whether consecutive dense layers run as one program when the chip allows it
 * @param hostLayers  layers (by name: the product node's) kept on the host in float by the user's choice
 * @param minLayerSqnrDb a layer whose own SQNR over the calibration samples is below this runs on the
 *                    host in float instead; {@link Double#NEGATIVE_INFINITY} keeps every layer that fits
 * @param smoothAlpha the migration strength alpha in [0, 1] of activation-to-weight smoothing
 *                    ({@code quant.Smoothing}) on the layers whose input the host encodes, on chips with
 *                    per-channel linear weights; empty for none
 * @param scaleOutputs the strength in (0, 1] with which, on those chips, each layer whose output the host
 *                    reads gets one output scale per channel ({@code pass.ScaleOutputs},
 *                    {@code quant.Smoothing#outputScales}); empty for none
 */
public record CompileOptions(int batch, List<Map<String, Tensor>> calibration, CalibrationMethod method, boolean chain,
                             Set<String> hostLayers, double minLayerSqnrDb, OptionalDouble smoothAlpha,
                             OptionalDouble scaleOutputs) {

    /** SmoothQuant's own default strength, which is also the best measured on MiniLM and PP-OCRv4 (docs/compiler.md). */
    public static final double DEFAULT_SMOOTH_ALPHA = 0.5;

    /**
     * The output scaling strength that met every zoo model's quality target on inputs held out from
     * calibration, where 1 (each channel to its calibrated range) did not (docs/compiler.md, "Scale migration").
     */
    public static final double DEFAULT_OUTPUT_STRENGTH = 0.75;

    /** No layer on the host by choice, no SQNR threshold, default smoothing and output scaling. */
    public CompileOptions(int batch, List<Map<String, Tensor>> calibration, CalibrationMethod method, boolean chain) {
        this(batch, calibration, method, chain, Set.of(), Double.NEGATIVE_INFINITY,
                OptionalDouble.of(DEFAULT_SMOOTH_ALPHA), OptionalDouble.of(DEFAULT_OUTPUT_STRENGTH));
    }

    public CompileOptions {
        if (hostLayers == null || Double.isNaN(minLayerSqnrDb)) {
            throw new IllegalArgumentException("host layers must be given (maybe none) and the SQNR threshold a number");
        }
        if (smoothAlpha == null || smoothAlpha.isPresent() && !(smoothAlpha.getAsDouble() >= 0
                && smoothAlpha.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("smoothing alpha must be given (maybe none) and in [0, 1], got " + smoothAlpha);
        }
        if (scaleOutputs == null || scaleOutputs.isPresent() && !(scaleOutputs.getAsDouble() > 0
                && scaleOutputs.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("output scaling strength must be given (maybe none) and in (0, 1], got "
                    + scaleOutputs);
        }
        hostLayers = Set.copyOf(hostLayers);
        if (batch < 1) {
            throw new IllegalArgumentException("batch = " + batch + ": must be >= 1");
        }
        if (calibration == null || calibration.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one sample input");
        }
        if (method == null) {
            throw new IllegalArgumentException("a calibration method is required");
        }
        calibration = List.copyOf(calibration);
    }

    /** These options without input smoothing and output scaling: the layers compiled as the graph gives them. */
    public CompileOptions withoutScaleMigration() {
        return new CompileOptions(batch, calibration, method, chain, hostLayers, minLayerSqnrDb, OptionalDouble.empty(),
                OptionalDouble.empty());
    }
}
