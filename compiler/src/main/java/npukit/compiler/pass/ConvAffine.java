package npukit.compiler.pass;

import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * A Conv2d whose output is followed by {@code y * scale[o] + shift[o]} per output channel o, folded into
 * its weights and bias: {@code w' = w * scale, b' = b * scale + shift} (b = 0 without a bias), in double,
 * rounded to float once. The rules that fold an affine step into a convolution share it.
 */
final class ConvAffine {

    private ConvAffine() {
    }

    /**
     * The folded Conv2d writing {@code y}; its new initializers {@code BASE.weight} and {@code BASE.bias}
     * (made unique by {@code names}) are put in {@code inits}, which must hold the conv's weights and bias.
     */
    static Conv2d fold(Map<String, Tensor> inits, FreshNames names, Conv2d conv, double[] scale, double[] shift,
                       String base, Value y) {
        Tensor w = inits.get(conv.w().name());
        int m = scale.length;
        double[] b = conv.bias().map(v -> inits.get(v.name()).toDoubles()).orElse(new double[m]);
        double[] wNew = w.toDoubles();
        double[] bNew = new double[m];
        int perFilter = wNew.length / m;
        for (int o = 0; o < m; o++) {
            for (int k = o * perFilter; k < (o + 1) * perFilter; k++) {
                wNew[k] *= scale[o];
            }
            bNew[o] = b[o] * scale[o] + shift[o];
        }
        String wName = names.take(base + ".weight");
        inits.put(wName, Tensor.fromDoubles(w.type(), wNew));
        String bName = names.take(base + ".bias");
        TensorType biasType = TensorType.of(ElementType.FLOAT, m);
        inits.put(bName, Tensor.fromDoubles(biasType, bNew));
        return new Conv2d(conv.name(), conv.x(), new Value(wName, w.type()), Optional.of(new Value(bName, biasType)), y,
                conv.geometry());
    }
}
