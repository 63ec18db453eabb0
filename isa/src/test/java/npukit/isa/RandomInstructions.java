package npukit.isa;

import java.util.List;
import java.util.Random;

/** Random instructions whose every operand spans its whole field on a given format. */
final class RandomInstructions {

    private final InstructionFormat format;
    private final Random random;

    RandomInstructions(InstructionFormat format, long seed) {
        this.format = format;
        this.random = new Random(seed);
    }

    Instruction next() {
        Opcode[] opcodes = Opcode.values();
        Opcode op = opcodes[random.nextInt(opcodes.length)];
        Tokens tokens = op == Opcode.FINISH ? Tokens.NONE : Tokens.fromBits(random.nextInt(16));
        List<Operand> operands = Operands.of(op);
        long[] values = new long[operands.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value(operands.get(i).kind());
        }
        return Operands.instruction(op, tokens, values);
    }

    private long value(OperandKind kind) {
        return switch (kind) {
            case MEM, FLAG -> random.nextInt(2);
            case OP -> ValuOp.values()[random.nextInt(ValuOp.values().length)].code();
            case IMM -> random.nextInt(1 << 16) - (1 << 15);
            default -> edgeOrUniform((1L << format.width(kind)) - 1);
        };
    }

    // The extremes are where an off-by-one in a shift or mask shows, so they come up often.
    private long edgeOrUniform(long max) {
        int pick = random.nextInt(8);
        if (pick == 0) {
            return 0;
        }
        if (pick == 1) {
            return max;
        }
        return (random.nextLong() & Long.MAX_VALUE) % (max + 1);
    }
}
