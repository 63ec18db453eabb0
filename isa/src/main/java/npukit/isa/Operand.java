package npukit.isa;

import java.util.Objects;

/**
 * One named operand of an opcode, as it appears in the assembler text and the binary encoding.
 *
 * @param name the assembler name, e.g. {@code row} or {@code use-imm}
 * @param kind what it holds, which fixes its width and syntax
 */
public record Operand(String name, OperandKind kind) {

    public Operand {
        Objects.requireNonNull(name, "operand name is required");
        Objects.requireNonNull(kind, "operand kind is required");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("operand name = '" + name + "': must be lower-case letters, digits and '-'");
        }
    }
}
