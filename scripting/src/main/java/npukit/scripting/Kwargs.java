package npukit.scripting;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.python.core.Py;
import org.python.core.PyObject;

/**
 * The arguments of a facade function that takes keywords: Jython hands a Java method declared
 * {@code f(PyObject[] args, String[] keywords)} the positional values followed by the keyword values,
 * and the keywords' names. Each function names the keywords it knows, so a misspelt one is an error
 * naming it rather than an option silently ignored.
 */
final class Kwargs {

    private final String function;
    private final List<Object> positional = new ArrayList<>();
    private final Map<String, Object> named = new LinkedHashMap<>();

    Kwargs(String function, PyObject[] args, String[] keywords, int maxPositional, String... known) {
        this.function = function;
        int p = args.length - keywords.length;
        if (p > maxPositional) {
            throw new ScriptError(function + "() takes at most " + maxPositional + " positional arguments, got " + p);
        }
        for (int i = 0; i < p; i++) {
            positional.add(java(args[i]));
        }
        for (int i = 0; i < keywords.length; i++) {
            if (known != null && !List.of(known).contains(keywords[i])) {
                throw new ScriptError(function + "() has no argument '" + keywords[i] + "'; it takes: "
                        + String.join(", ", known));
            }
            named.put(keywords[i], java(args[p + i]));
        }
    }

    /** Every keyword with its value, in the call's order. */
    Map<String, Object> named() {
        return named;
    }

    /** Positional argument {@code index}, else keyword {@code name}, else {@code fallback}. */
    Object get(int index, String name, Object fallback) {
        if (index >= 0 && index < positional.size()) {
            if (named.containsKey(name)) {
                throw new ScriptError(function + "() got '" + name + "' twice");
            }
            return positional.get(index);
        }
        return named.getOrDefault(name, fallback);
    }

    /** A required argument of type {@code type}. */
    <T> T required(int index, String name, Class<T> type) {
        Object v = get(index, name, null);
        if (v == null) {
            throw new ScriptError(function + "() needs '" + name + "'");
        }
        return as(name, v, type);
    }

    <T> T optional(int index, String name, Class<T> type, T fallback) {
        Object v = get(index, name, null);
        return v == null ? fallback : as(name, v, type);
    }

    long integer(int index, String name, long fallback) {
        Object v = get(index, name, null);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || v instanceof Double) {
            throw new ScriptError(function + "(): " + name + " must be an integer, got " + v);
        }
        return n.longValue();
    }

    private <T> T as(String name, Object v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw new ScriptError(function + "(): " + name + " must be " + type.getSimpleName() + ", got "
                    + v.getClass().getSimpleName() + " " + v);
        }
        return type.cast(v);
    }

    /**
     * A Python value as the Java value a chip file would hold: int as Integer (Long when it does not fit),
     * float as Double, str as String, bool as Boolean; Java objects (chips, models) as themselves.
     */
    static Object java(PyObject v) {
        if (v == null || v == Py.None) {
            return null;
        }
        Object o = v.__tojava__(Object.class);
        if (o instanceof BigInteger b) {
            return b.bitLength() < 32 ? (Object) b.intValue() : (Object) b.longValue();
        }
        if (o instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        return o;
    }
}
