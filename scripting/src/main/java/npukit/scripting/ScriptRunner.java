package npukit.scripting;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import npukit.arch.io.UserException;
import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PyList;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PySystemState;
import org.python.core.PyTraceback;
import org.python.util.PythonInterpreter;

/**
 * Runs a Jython 2.7 script with the facade bound as {@code npu} (a global, and a module for
 * {@code import npu}) and {@code sys.argv} set to the script and its arguments. What the script gets
 * wrong becomes one {@link ScriptError} naming the script's file and line: a syntax error, a Python
 * exception, or a user error of the toolkit (a bad chip field, a missing model file). A Java exception
 * that is not a user error is a bug in npukit and is rethrown as it is, so the command reports it as one.
 */
public final class ScriptRunner {

    static {
        // Jython would cache the jar's package index under the home folder or the working folder; it is
        // rebuilt in memory instead (python.cachedir.skip), and site.py, which scans for installed
        // packages, is not imported.
        Properties p = new Properties();
        p.setProperty("python.cachedir.skip", "true");
        p.setProperty("python.import.site", "false");
        p.setProperty("python.console.encoding", "UTF-8");
        p.setProperty("python.verbose", "warning");
        PythonInterpreter.initialize(System.getProperties(), p, new String[0]);
    }

    private ScriptRunner() {
    }

    /** Runs {@code script}; the exit code is 0, or what the script gave {@code sys.exit}. */
    public static int run(Path script, List<String> args, PrintWriter out, PrintWriter err) {
        if (!Files.isRegularFile(script)) {
            throw new ScriptError(script + ": no such script file");
        }
        PySystemState sys = new PySystemState();
        PyList argv = new PyList();
        argv.append(Py.newUnicode(script.toString()));
        args.forEach(a -> argv.append(Py.newUnicode(a)));
        sys.argv = argv;
        // As python does: modules beside the script can be imported; but no compiled NAME$py.class is
        // left beside them.
        sys.path.insert(0, Py.newUnicode(script.toAbsolutePath().getParent().toString()));
        sys.dont_write_bytecode = true;
        Toolkit npu = new Toolkit(script, err);
        sys.modules.__setitem__("npu", Py.java2py(npu));
        try (PythonInterpreter interpreter = new PythonInterpreter(null, sys)) {
            interpreter.setOut(out);
            interpreter.setErr(err);
            interpreter.set("npu", npu);
            interpreter.set("__file__", new PyString(script.toString()));
            try {
                interpreter.execfile(script.toString());
                return 0;
            } catch (PyException e) {
                return failure(script, e);
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    /** The exit code of {@code sys.exit}, or the exception as a user error or a bug. */
    private static int failure(Path script, PyException e) {
        if (e.match(Py.SystemExit)) {
            PyObject code = e.value != null && e.value.__findattr__("code") != null ? e.value.__getattr__("code") : Py.None;
            if (code == Py.None) {
                return 0;
            }
            Object n = code.__tojava__(Integer.class);
            if (n instanceof Integer i) {
                return i;
            }
            throw new ScriptError(script + ": " + code);
        }
        if (e.match(Py.SyntaxError)) {
            throw new ScriptError(e.value.__getattr__("filename") + ":" + e.value.__getattr__("lineno")
                    + ": syntax error: " + e.value.__getattr__("msg"));
        }
        String where = where(script, e);
        Object java = e.value == null ? Py.NoConversion : e.value.__tojava__(Throwable.class);
        if (java instanceof UserException u) {
            throw new ScriptError(where + ": " + firstLine(u.getMessage()), u);
        }
        if (java instanceof RuntimeException r) {
            throw r;
        }
        if (java instanceof Error x) {
            throw x;
        }
        if (java instanceof Throwable t) {
            throw new IllegalStateException(where + ": " + t, t);
        }
        String type = e.type instanceof org.python.core.PyType t ? t.getName() : String.valueOf(e.type);
        String message = e.value == null ? "" : e.value.__str__().toString();
        throw new ScriptError(where + ": " + type + (message.isEmpty() ? "" : ": " + firstLine(message)));
    }

    /** file:line of the innermost frame of the script itself (not of a module it imported). */
    private static String where(Path script, PyException e) {
        String line = "?";
        for (PyObject o = e.traceback; o instanceof PyTraceback tb; o = tb.tb_next) {
            if (script.toString().equals(tb.tb_frame.f_code.co_filename)) {
                line = String.valueOf(tb.tb_lineno);
            }
        }
        return script + ":" + line;
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
