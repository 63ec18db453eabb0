package npukit.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints instructions in the canonical assembler form of isa.md: operands in table order, decimal
 * except {@code hbm} in 0x hex, immediates only when not 0, flags by name after the operands, token flags last in the order
 * pop-prev pop-next push-prev push-next. {@link Assembler#parse} reads it back unchanged.
 */
public final class Disassembler {

    private Disassembler() {
    }

    /** One line per instruction, each ending in a newline. */
    public static String disassemble(List<Instruction> program) {
        StringBuilder out = new StringBuilder();
        for (Instruction ins : program) {
            out.append(line(ins)).append('\n');
        }
        return out.toString();
    }

    /** One instruction, without a newline. */
    public static String line(Instruction ins) {
        List<String> parts = new ArrayList<>();
        List<Operand> operands = Operands.of(ins.opcode());
        long[] values = Operands.values(ins);
        for (int i = 0; i < operands.size(); i++) {
            Operand o = operands.get(i);
            long v = values[i];
            switch (o.kind()) {
                case FLAG -> {
                    if (v != 0) {
                        parts.add(o.name());
                    }
                }
                case MEM -> parts.add(o.name() + "=" + MemorySpace.values()[(int) v].asmName());
                case OP -> parts.add(o.name() + "=" + ValuOp.fromCode((int) v).name());
                case IMM -> {
                    if (v != 0) {
                        parts.add(o.name() + "=" + v);
                    }
                }
                default -> parts.add(o.name() + "=" + (o.name().equals("hbm") ? "0x" + Long.toHexString(v) : v));
            }
        }
        Tokens t = ins.tokens();
        if (t.popPrev()) {
            parts.add("pop-prev");
        }
        if (t.popNext()) {
            parts.add("pop-next");
        }
        if (t.pushPrev()) {
            parts.add("push-prev");
        }
        if (t.pushNext()) {
            parts.add("push-next");
        }
        // Opcodes padded to six columns, as in the isa.md examples.
        String name = ins.opcode().name();
        return parts.isEmpty() ? name : String.format("%-5s %s", name, String.join(" ", parts));
    }
}
