package npukit.runner.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import npukit.arch.io.UserException;

/**
 * A condition a sweep point must meet, such as {@code rows * cols <= 4096}. The grammar (docs/sweeps.md):
 *
 * <pre>
 * expr    := and ('||' and)*
 * and     := compare ('&amp;&amp;' compare)*
 * compare := sum (('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') sum)?
 * sum     := product (('+' | '-') product)*
 * product := unary (('*' | '/' | '%') unary)*
 * unary   := ('-' | '!') unary | atom
 * atom    := number | 'text' | "text" | true | false | name | '(' expr ')'
 * </pre>
 *
 * A name is a chip field by its path ({@code array.rows}, {@code sram.scratchpad-kib}) or by its last
 * part when that is unambiguous ({@code rows}); a {@code -} between letters belongs to the name, so
 * subtraction needs spaces ({@code rows - cols}). Numbers are compared as numbers, text with
 * {@code ==} and {@code !=} only. The whole must be true or false.
 */
public final class Constraint {

    private final String text;
    private final Node root;
    private final Set<String> names;

    private Constraint(String text, Node root, Set<String> names) {
        this.text = text;
        this.root = root;
        this.names = names;
    }

    /** Parses {@code text}; an error is an {@link IllegalArgumentException} saying where and what. */
    public static Constraint parse(String text, List<String> fields) {
        Parser p = new Parser(text, fields);
        Node root = p.expr();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return new Constraint(text, root, p.names);
    }

    public String text() {
        return text;
    }

    /** The chip fields it reads, by full path. */
    public Set<String> names() {
        return names;
    }

    /** Whether the point whose fields hold {@code values} (by full path) meets it. */
    public boolean test(Map<String, Object> values) {
        Object v = root.eval(values);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("constraint '" + UserException.excerpt(text) + "' gives " + v
                    + ", not true or false");
        }
        return b;
    }

    private interface Node {
        Object eval(Map<String, Object> values);
    }

    private static final class Parser {
        final String s;
        final List<String> fields;
        final Set<String> names = new LinkedHashSet<>();
        int pos;

        Parser(String s, List<String> fields) {
            this.s = s;
            this.fields = fields;
        }

        IllegalArgumentException error(String what) {
            // The text is quoted as an excerpt: a constraint may hold a newline, and an error is one line.
            return new IllegalArgumentException("constraint '" + UserException.excerpt(s) + "' at character " + (pos + 1)
                    + ": " + what);
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        Node expr() {
            Node left = and();
            while (eat("||")) {
                Node l = left;
                Node r = and();
                left = v -> bool(l.eval(v)) || bool(r.eval(v));
            }
            return left;
        }

        Node and() {
            Node left = compare();
            while (eat("&&")) {
                Node l = left;
                Node r = compare();
                left = v -> bool(l.eval(v)) && bool(r.eval(v));
            }
            return left;
        }

        Node compare() {
            Node left = sum();
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (eat(op)) {
                    Node l = left;
                    Node r = sum();
                    return v -> compare(op, l.eval(v), r.eval(v));
                }
            }
            return left;
        }

        Object compare(String op, Object a, Object b) {
            if (op.equals("==") || op.equals("!=")) {
                boolean same = a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue()
                        : a.equals(b);
                return op.equals("==") == same;
            }
            double x = number(a);
            double y = number(b);
            return switch (op) {
                case "<" -> x < y;
                case "<=" -> x <= y;
                case ">" -> x > y;
                default -> x >= y;
            };
        }

        Node sum() {
            Node left = product();
            while (true) {
                char op;
                if (eat("+")) {
                    op = '+';
                } else if (peekMinus()) {
                    op = '-';
                } else {
                    return left;
                }
                Node l = left;
                Node r = product();
                left = op == '+' ? v -> number(l.eval(v)) + number(r.eval(v)) : v -> number(l.eval(v)) - number(r.eval(v));
            }
        }

        boolean peekMinus() {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '-') {
                pos++;
                return true;
            }
            return false;
        }

        Node product() {
            Node left = unary();
            while (true) {
                char op;
                if (eat("*")) {
                    op = '*';
                } else if (eat("/")) {
                    op = '/';
                } else if (eat("%")) {
                    op = '%';
                } else {
                    return left;
                }
                Node l = left;
                Node r = unary();
                left = switch (op) {
                    case '*' -> v -> number(l.eval(v)) * number(r.eval(v));
                    case '/' -> v -> number(l.eval(v)) / number(r.eval(v));
                    default -> v -> number(l.eval(v)) % number(r.eval(v));
                };
            }
        }

        Node unary() {
            if (peekMinus()) {
                Node n = unary();
                return v -> -number(n.eval(v));
            }
            if (eat("!")) {
                Node n = unary();
                return v -> !bool(n.eval(v));
            }
            return atom();
        }

        Node atom() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("expected a value, the text ended");
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                Node n = expr();
                if (!eat(")")) {
                    throw error("expected ')'");
                }
                return n;
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("text is not closed with " + c);
                }
                String value = s.substring(pos + 1, end);
                pos = end + 1;
                return v -> value;
            }
            if (Character.isDigit(c) || c == '.') {
                int start = pos;
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                        || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                    pos++;
                }
                try {
                    double value = Double.parseDouble(s.substring(start, pos));
                    return v -> value;
                } catch (NumberFormatException e) {
                    pos = start;
                    throw error("'" + s.substring(start, Math.min(s.length(), start + 20)) + "' is not a number");
                }
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
                        || s.charAt(pos) == '.' || (s.charAt(pos) == '-' && pos + 1 < s.length()
                        && Character.isLetter(s.charAt(pos + 1)) && Character.isLetter(s.charAt(pos - 1))))) {
                    pos++;
                }
                String name = s.substring(start, pos);
                if (name.equals("true") || name.equals("false")) {
                    boolean value = name.equals("true");
                    return v -> value;
                }
                String field = resolve(name, start);
                names.add(field);
                return v -> {
                    Object value = v.get(field);
                    if (value == null) {
                        throw new IllegalArgumentException("constraint '" + UserException.excerpt(s) + "': no value for " + field);
                    }
                    return value;
                };
            }
            throw error("unexpected '" + c + "'");
        }

        String resolve(String name, int at) {
            if (fields.contains(name)) {
                return name;
            }
            List<String> matches = new ArrayList<>();
            for (String f : fields) {
                if (f.endsWith("." + name)) {
                    matches.add(f);
                }
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
            pos = at;
            throw error(matches.isEmpty() ? "unknown name '" + name + "' (chip fields: " + String.join(", ", fields)
                    + "; to subtract, put spaces around '-')" : "'" + name + "' is ambiguous: " + matches);
        }

        static boolean bool(Object o) {
            if (o instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException("expected true or false, got " + o);
        }

        static double number(Object o) {
            if (o instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException("expected a number, got '" + o + "'");
        }
    }
}
