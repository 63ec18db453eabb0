package npukit.isa;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;

/**
 * Reads the assembler text of isa.md: one instruction per line, {@code name=value} operands (decimal
 * or 0x hex, sp/acc, VALU op names), flags by name, {@code #} comments, blank lines. Every error names
 * the source, the line and the offending token.
 */
public final class Assembler {

    private static final List<String> TOKEN_FLAGS = List.of("pop-prev", "pop-next", "push-prev", "push-next");

    private static final Pattern NUMBER = Pattern.compile("-?(0[xX][0-9a-fA-F]+|[0-9]+)");

    private final ProgramValidator validator;

    public Assembler(Geometry geometry) {
        this.validator = new ProgramValidator(geometry);
    }

    /** Parses and checks the program against the chip; a constraint violation names its line too. */
    public List<Instruction> assemble(String text, String source) {
        List<Integer> lines = new ArrayList<>();
        List<Instruction> program = parse(text, source, lines);
        List<String> problems = validator.problems(program);
        if (!problems.isEmpty()) {
            String first = problems.get(0);
            int line = lineOf(first, lines);
            throw new AssemblyException(source, line, first
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        }
        return program;
    }

    /** Reads and assembles a file; errors name the file. */
    public List<Instruction> assemble(Path file) {
        return assemble(InputFiles.readText(file, (f, problem) -> new AssemblyException(f.toString(), problem)),
                file.toString());
    }

    private static String quote(String token) {
        return "'" + UserException.excerpt(token) + "'";
    }

    /** Parses the text without checking it against a chip (field widths and ranges are not known). */
    public static List<Instruction> parse(String text, String source) {
        return parse(text, source, new ArrayList<>());
    }

    private static List<Instruction> parse(String text, String source, List<Integer> lineNumbers) {
        Objects.requireNonNull(text, "text is required");
        Objects.requireNonNull(source, "source is required");
        List<Instruction> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String code = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (code.isEmpty()) {
                continue;
            }
            out.add(parseLine(code.split("\\s+"), source, i + 1));
            lineNumbers.add(i + 1);
        }
        return out;
    }

    private static Instruction parseLine(String[] tokens, String source, int line) {
        Opcode opcode;
        try {
            opcode = Opcode.valueOf(tokens[0]);
        } catch (IllegalArgumentException e) {
            throw new AssemblyException(source, line, quote(tokens[0]) + ": not an opcode; valid: "
                    + Arrays.toString(Opcode.values()));
        }
        List<Operand> operands = Operands.of(opcode);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < operands.size(); i++) {
            index.put(operands.get(i).name(), i);
        }
        Long[] values = new Long[operands.size()];
        boolean[] tokenFlags = new boolean[4];
        for (int t = 1; t < tokens.length; t++) {
            String token = tokens[t];
            int eq = token.indexOf('=');
            String name = eq < 0 ? token : token.substring(0, eq);
            int flag = TOKEN_FLAGS.indexOf(name);
            Integer at = index.get(name);
            if (flag >= 0 && eq < 0 && opcode != Opcode.FINISH) {
                if (tokenFlags[flag]) {
                    throw new AssemblyException(source, line, quote(token) + ": given twice");
                }
                tokenFlags[flag] = true;
                continue;
            }
            if (at == null) {
                throw new AssemblyException(source, line, quote(token) + ": " + opcode + " has no operand '" + name
                        + "'; its operands: " + describe(opcode));
            }
            if (values[at] != null) {
                throw new AssemblyException(source, line, quote(token) + ": " + name + " given twice");
            }
            OperandKind kind = operands.get(at).kind();
            if (kind == OperandKind.FLAG) {
                if (eq >= 0) {
                    throw new AssemblyException(source, line, quote(token) + ": " + name
                            + " is a flag: write '" + name + "' alone to set it, leave it out to clear it");
                }
                values[at] = 1L;
            } else {
                if (eq < 0) {
                    throw new AssemblyException(source, line, quote(token) + ": needs a value, " + name + "=...");
                }
                values[at] = value(kind, token.substring(eq + 1), token, source, line);
            }
        }
        long[] raw = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null && !optional(operands.get(i).kind())) {
                throw new AssemblyException(source, line, opcode + ": operand '" + operands.get(i).name()
                        + "' is missing; its operands: " + describe(opcode));
            }
            raw[i] = values[i] == null ? 0 : values[i];
        }
        Tokens tokensValue = new Tokens(tokenFlags[0], tokenFlags[1], tokenFlags[2], tokenFlags[3]);
        try {
            return Operands.instruction(opcode, tokensValue, raw);
        } catch (IllegalArgumentException e) {
            throw new AssemblyException(source, line, e.getMessage());
        }
    }

    private static long value(OperandKind kind, String text, String token, String source, int line) {
        if (kind == OperandKind.MEM) {
            for (MemorySpace mem : MemorySpace.values()) {
                if (mem.asmName().equals(text)) {
                    return mem.ordinal();
                }
            }
            throw new AssemblyException(source, line, quote(token) + ": mem must be sp or acc");
        }
        if (kind == OperandKind.OP) {
            for (ValuOp op : ValuOp.values()) {
                if (op.name().equals(text)) {
                    return op.code();
                }
            }
            throw new AssemblyException(source, line, quote(token) + ": op must be one of "
                    + Arrays.toString(ValuOp.values()));
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new AssemblyException(source, line, quote(token) + ": not a number (decimal, or hex with 0x)");
        }
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        boolean hex = digits.startsWith("0x") || digits.startsWith("0X");
        try {
            long v = hex ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new AssemblyException(source, line, quote(token) + ": number too large for 63 bits");
        }
    }

    /** Flags and immediates may be left out (isa.md example); both then are 0. */
    static boolean optional(OperandKind kind) {
        return kind == OperandKind.FLAG || kind == OperandKind.IMM;
    }

    private static String describe(Opcode opcode) {
        List<String> names = new ArrayList<>();
        for (Operand o : Operands.of(opcode)) {
            names.add(o.kind() == OperandKind.FLAG ? "[" + o.name() + "]"
                    : optional(o.kind()) ? "[" + o.name() + "=0]" : o.name() + "=");
        }
        return opcode == Opcode.FINISH ? "none" : String.join(" ", names) + " and token flags " + TOKEN_FLAGS;
    }

    // Validator messages start "instruction <index> "; the parse recorded each instruction's line.
    private static int lineOf(String problem, List<Integer> lines) {
        if (problem.startsWith("instruction ")) {
            int end = problem.indexOf(' ', "instruction ".length());
            int index = Integer.parseInt(problem.substring("instruction ".length(), end));
            return lines.get(index);
        }
        return lines.isEmpty() ? 1 : lines.get(lines.size() - 1);
    }
}
