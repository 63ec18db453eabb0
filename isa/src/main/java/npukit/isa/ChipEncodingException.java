package npukit.isa;

import npukit.arch.io.UserException;

/**
 * A chip whose memories are too large for an operand field of the 128-bit instruction. The chip config
 * is valid on its own (the config rules cannot know the encoding), but no program can be written for it;
 * the chip is the user's, so this is a user error, not a bug.
 */
public final class ChipEncodingException extends UserException {

    public ChipEncodingException(String message) {
        super(message);
    }
}
