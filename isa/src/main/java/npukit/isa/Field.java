package npukit.isa;

import java.util.Objects;

/**
 * One bit field of the 128-bit instruction word (isa.md, "Binary encoding"). The RTL decoder reads
 * these to slice the word, so offsets and widths are never typed in Scala.
 *
 * @param name   the operand name as in the assembler ({@code row}, {@code use-imm}), or {@code opcode}
 *               and the token flag names for the header
 * @param offset lowest bit, 0..127
 * @param width  bits, 1..64, with offset + width at most 128
 * @param signed two's complement (only {@code imm} and {@code imm2})
 */
public record Field(String name, int offset, int width, boolean signed) {

    public Field {
        Objects.requireNonNull(name, "field name is required");
        if (offset < 0 || offset > 127) {
            throw new IllegalArgumentException("field " + name + ": offset = " + offset + ": must be 0..127");
        }
        if (width < 1 || width > 64) {
            throw new IllegalArgumentException("field " + name + ": width = " + width + ": must be 1..64");
        }
    }

    /** Highest bit, offset + width - 1. */
    public int msb() {
        return offset + width - 1;
    }

    /** Smallest value the field holds. */
    public long min() {
        return signed ? -(1L << (width - 1)) : 0;
    }

    /** Largest value the field holds. */
    public long max() {
        if (width == 64) {
            return signed ? Long.MAX_VALUE : -1L;
        }
        return signed ? (1L << (width - 1)) - 1 : (1L << width) - 1;
    }
}
