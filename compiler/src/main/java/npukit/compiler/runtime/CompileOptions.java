package npukit.compiler.runtime;

import java.util.List;
import java.util.Map;
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
 */
public record CompileOptions(int batch, List<Map<String, Tensor>> calibration, CalibrationMethod method, boolean chain,
                             Set<String> hostLayers, double minLayerSqnrDb) {

    public CompileOptions(int batch, List<Map<String, Tensor>> calibration, CalibrationMethod method, boolean chain) {
        this(batch, calibration, method, chain, Set.of(), Double.NEGATIVE_INFINITY);
    }

    public CompileOptions {
        if (hostLayers == null || Double.isNaN(minLayerSqnrDb)) {
            throw new IllegalArgumentException("host layers must be given (maybe none) and the SQNR threshold a number");
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
}
