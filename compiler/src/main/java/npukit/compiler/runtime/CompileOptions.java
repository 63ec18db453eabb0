package npukit.compiler.runtime;

import java.util.List;
import java.util.Map;
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
 */
public record CompileOptions(int batch, List<Map<String, Tensor>> calibration, CalibrationMethod method, boolean chain) {

    public CompileOptions {
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
}
