package npukit.runner;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;

/**
 * How a model is compiled for a run: batch 1, activation ranges calibrated on the first
 * {@code calibrationSamples} samples of its data with {@code method}, dense layers chained.
 */
public record CompileSettings(int calibrationSamples, CalibrationMethod method) {

    public CompileSettings {
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
        return new CompileOptions(1, samples, method, true);
    }
}
