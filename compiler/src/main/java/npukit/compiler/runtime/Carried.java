package npukit.compiler.runtime;

import java.util.Arrays;
import java.util.Optional;
import npukit.compiler.ir.Tensor;
import npukit.compiler.quant.ActivationCodec;

/**
 * A value as the host holds it between steps: either real numbers, or the integer codes an NPU layer
 * wrote (held in a float tensor, exactly: codes are small integers) together with the codec that
 * gives their real values. Keeping codes lets data movement and pooling on the host pass them to the
 * next layer unchanged, with no decode and re-encode that a directed rounding mode could shift.
 */
public record Carried(Tensor data, Optional<ActivationCodec> codec) {

    public static Carried reals(Tensor t) {
        return new Carried(t, Optional.empty());
    }

    public static Carried codes(Tensor t, ActivationCodec codec) {
        return new Carried(t, Optional.of(codec));
    }

    /** The real values. */
    public double[] reals() {
        return codec.isEmpty() ? data.toDoubles() : codec.get().decode(heldCodes());
    }

    /** The values as codes of {@code wanted}: as they are when already in that codec, else encoded from reals. */
    public int[] codesFor(ActivationCodec wanted) {
        if (codec.isPresent() && codec.get().equals(wanted)) {
            return heldCodes();
        }
        return wanted.encode(reals());
    }

    private int[] heldCodes() {
        return Arrays.stream(data.toDoubles()).mapToInt(d -> (int) d).toArray();
    }

    /** The real values as a float tensor of the same shape. */
    public Tensor realTensor() {
        return codec.isEmpty() ? data : Tensor.fromDoubles(data.type(), reals());
    }
}
