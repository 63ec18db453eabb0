package npukit.runner;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;

/**
 * How a model is compiled for a run: batch 1, activation ranges calibrated on
 * {@code calibrationSamples} samples with {@code method} (the source's held-out calibration set when it has
 * one, else the first evaluated samples: {@link ModelSource#calibrationSamples}), dense layers chained; the layers
 * named in {@code hostLayers}, and those whose own SQNR is below {@code minLayerSqnrDb}, run on the host;
 * on chips with per-channel linear weights, layers whose input the host encodes are smoothed with strength
 * {@code smoothAlpha} (none when empty), and those whose output it reads get one output scale per channel
 * of strength {@code scaleOutputs} (none when empty; {@link CompileOptions}).
 */
public record CompileSettings(int calibrationSamples, CalibrationMethod method, Set<String> hostLayers,
                              double minLayerSqnrDb, OptionalDouble smoothAlpha, OptionalDouble scaleOutputs) {

    public CompileSettings(int calibrationSamples, CalibrationMethod method) {
        this(calibrationSamples, method, Set.of(), Double.NEGATIVE_INFINITY);
    }

    /** Default smoothing and output scaling. */
    public CompileSettings(int calibrationSamples, CalibrationMethod method, Set<String> hostLayers,
                           double minLayerSqnrDb) {
        this(calibrationSamples, method, hostLayers, minLayerSqnrDb, OptionalDouble.of(CompileOptions.DEFAULT_SMOOTH_ALPHA),
                OptionalDouble.of(CompileOptions.DEFAULT_OUTPUT_STRENGTH));
    }

    public CompileSettings {
        if (hostLayers == null) {
            throw new IllegalArgumentException("host layers must be given, maybe none");
        }
        if (Double.isNaN(minLayerSqnrDb) || minLayerSqnrDb == Double.POSITIVE_INFINITY) {
            throw new InputException("--min-layer-sqnr must be a finite number of dB, got " + minLayerSqnrDb);
        }
        hostLayers = Set.copyOf(hostLayers);
        if (smoothAlpha == null || smoothAlpha.isPresent() && !(smoothAlpha.getAsDouble() >= 0
                && smoothAlpha.getAsDouble() <= 1)) {
            throw new InputException("--smooth-alpha must be off or a number from 0 to 1, got "
                    + (smoothAlpha == null || smoothAlpha.isEmpty() ? "nothing" : smoothAlpha.getAsDouble()));
        }
        if (scaleOutputs == null || scaleOutputs.isPresent() && !(scaleOutputs.getAsDouble() > 0
                && scaleOutputs.getAsDouble() <= 1)) {
            throw new InputException("--scale-outputs must be on, off or a strength above 0 and at most 1, got "
                    + (scaleOutputs == null || scaleOutputs.isEmpty() ? "nothing" : scaleOutputs.getAsDouble()));
        }
        if (calibrationSamples < 1) {
            throw new InputException("--calibrate must be >= 1, got " + calibrationSamples);
        }
        if (method == null) {
            throw new IllegalArgumentException("a calibration method is required");
        }
    }

    /** The compiler's options for {@code source}'s model and data. */
    public CompileOptions options(ModelSource source) {
        List<Map<String, Tensor>> samples = source.calibrationSamples(calibrationSamples).stream()
                .map(ModelSource.Sample::inputs).toList();
        return new CompileOptions(1, samples, method, true, hostLayers, minLayerSqnrDb, smoothAlpha, scaleOutputs);
    }
}
