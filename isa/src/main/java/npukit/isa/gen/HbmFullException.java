package npukit.isa.gen;

import npukit.arch.io.UserException;

/**
 * A program's data (weights, inputs, outputs, parameter rows) do not fit the chip's HBM: a fact about the
 * chip the user chose, not a bug, so it is a user error. {@link HbmImage} says how many bytes did not fit
 * where; the compiler adds the layers and the config field ({@code hbm.capacity-mib}) to change.
 */
public final class HbmFullException extends UserException {

    public HbmFullException(String message) {
        super(message);
    }

    public HbmFullException(String message, HbmFullException cause) {
        super(message, cause);
    }
}
