package npukit.runner;

import java.util.List;
import java.util.Map;
import java.util.Set;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;

/**
 * How a model is compiled for a run: batch 1, activation ranges calibrated on the first
 * {@code calibrationSamples} samples of its data with {@code method}, dense layers chained; the layers
 * named in {@code hostLayers}, and those whose own SQNR is below {@code minLayerSqnrDb}, run on the host.
 */
public record CompileSettings(int calibrationSamples, CalibrationMethod method, Set<String> hostLayers,
                              double minLayerSqnrDb) {

    public CompileSettings(int calibrationSamples, CalibrationMethod method) {
        this(calibrationSamples, method, Set.of(), Double.NEGATIVE_INFINITY);
    }

    public CompileSettings {
        if (hostLayers == null) {
            throw new IllegalArgumentException("host layers must be given, maybe none");
        }
        if (Double.isNaN(minLayerSqnrDb) || minLayerSqnrDb == Double.POSITIVE_INFINITY) {
            throw new InputException("--min-layer-sqnr must be a finite number of dB, got " + minLayerSqnrDb);
        }
        hostLayers = Set.copyOf(hostLayers);
        if (calibrationSamples < 1) {
            throw new InputException("--calibrate must be >= 1, got " + calibrationSamples);
        }
        if (method == null) {
            throw new IllegalArgumentException("a calibration method is required");
        }
    }

    /** The compiler's options for {@code source}'s model and data. */
    public CompileOptions options(ModelSource source) {
        List<Map<String, Tensor>> samples = source.samples().stream().limit(calibrationSamples)
                .map(ModelSource.Sample::inputs).toList();
        return new CompileOptions(1, samples, method, true, hostLayers, minLayerSqnrDb);
    }
}
