package npukit.compiler.runtime;

import java.util.Optional;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.ActivationCodec;

/**
 * A value as the host holds it between steps: either real numbers, or the integer codes an NPU layer
 * wrote (held in a float tensor, exactly: codes are small integers) together with the codec that
 * gives their real values. Keeping codes lets data movement and pooling on the host pass them to the
 * next layer unchanged, with no decode and re-encode that a directed rounding mode could shift.
 */
record Carried(Tensor data, Optional<ActivationCodec> codec) {

    static Carried reals(Tensor t) {
        return new Carried(t, Optional.empty());
    }

    static Carried codes(Tensor t, ActivationCodec codec) {
        return new Carried(t, Optional.of(codec));
    }

    /** The real values. */
    double[] reals() {
        double[] d = data.toDoubles();
        if (codec.isEmpty()) {
            return d;
        }
        int[] c = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            c[i] = (int) d[i];
        }
        return codec.get().decode(c);
    }

    /** The values as codes of {@code wanted}: as they are when already in that codec, else encoded from reals. */
    int[] codesFor(ActivationCodec wanted) {
        if (codec.isPresent() && codec.get().equals(wanted)) {
            double[] d = data.toDoubles();
            int[] c = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                c[i] = (int) d[i];
            }
            return c;
        }
        return wanted.encode(reals());
    }

    /** The real values as a float tensor of the same shape. */
    Tensor realTensor() {
        return codec.isEmpty() ? data : Tensor.fromDoubles(data.type(), reals());
    }
}
