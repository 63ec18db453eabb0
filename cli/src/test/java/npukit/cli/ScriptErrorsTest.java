package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code npu script} makes of a script that goes wrong: its own mistakes (a missing file, a
 * syntax error, a Python exception, a bad argument to the facade) are one line naming the file and
 * line with exit 2; a Java exception that is not a user error is a bug, exit 3; sys.exit(N) exits N.
 */
class ScriptErrorsTest {

    @TempDir
    Path dir;

    private Path script(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Exit 2 and exactly one line on stderr, which names {@code where} and says {@code what}. */
    private static void oneLine(NpuCommandTest.Run r, String where, String what) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("npu: error: " + where), r.err());
        assertTrue(r.err().contains(what), r.err());
    }

    @Test
    void aMissingFileIsNamed() {
        Path f = dir.resolve("nowhere.py");
        oneLine(npu("script", f.toString()), f + ": no such script file", "");
    }

    @Test
    void aSyntaxErrorNamesItsLine() throws IOException {
        Path f = script("bad.py", "x = 1\nif x\n    print x\n");
        oneLine(npu("script", f.toString()), f + ":2: syntax error", "COLON");
    }

    @Test
    void aPythonExceptionNamesTheScriptsLineAndTheException() throws IOException {
        Path f = script("raises.py", "def check(n):\n    if n > 2:\n        raise ValueError('too big: %d' % n)\n\ncheck(1)\ncheck(3)\n");
        oneLine(npu("script", f.toString()), f + ":3: ValueError: too big: 3", "");
    }

    @Test
    void aNameErrorIsTheScripts() throws IOException {
        Path f = script("typo.py", "print 1\nprint undefined_name\n");
        NpuCommandTest.Run r = npu("script", f.toString());
        oneLine(r, f + ":2: NameError", "undefined_name");
        assertEquals("1", r.out().strip());
    }

    @Test
    void aBadChipFieldIsAUserErrorAtTheCallingLine() throws IOException {
        Path f = script("field.py", "c = npu.chip('gemmini')\nv = c.with_(rows=32)\nw = v.with_(rowz=4)\n");
        oneLine(npu("script", f.toString()), f + ":3: 'rowz' is not a chip field", "array.rows");
    }

    @Test
    void aValueTheChipRejectsNamesTheField() throws IOException {
        Path f = script("value.py", "npu.chip('gemmini').with_(rows=0)\n");
        oneLine(npu("script", f.toString()), f + ":1: ", "rows");
    }

    @Test
    void anUnknownKeywordIsNamed() throws IOException {
        Path f = script("kw.py", "npu.run(npu.mnist(), npu.chip('gemmini'), sample=3)\n");
        oneLine(npu("script", f.toString()), f + ":1: run() has no argument 'sample'", "samples");
    }

    @Test
    void aTopologyIsNotRunFunctionally() throws IOException {
        Path f = script("topo.py", "t = npu.topology('../workloads/scalesim/conv_nets/Resnet18.csv', 2)\n"
                + "npu.run(t, npu.chip('gemmini'))\n");
        oneLine(npu("script", f.toString()), f + ":2: run(): Resnet18[2 layers] is a SCALE-Sim topology", "npu.time");
    }

    @Test
    void aJavaExceptionThatIsNotAUserErrorIsABug() throws IOException {
        Path f = script("bug.py", "from java.lang import IllegalStateException\nraise IllegalStateException('broken')\n");
        NpuCommandTest.Run r = npu("script", f.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().startsWith("npu: internal error (a bug in npukit, please report it): "
                + "java.lang.IllegalStateException: broken"), r.err());
    }

    @Test
    void helpHasAnExampleAndAMissingFileArgumentIsAUsageError() {
        NpuCommandTest.Run help = npu("script", "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("Examples:") && help.out().contains("npu script examples/scripts/"), help.out());
        assertEquals(2, npu("script").exit());
    }

    @Test
    void aModuleBesideTheScriptImports() throws IOException {
        script("helper.py", "def twice(x):\n    return 2 * x\n");
        Path f = script("main.py", "import helper\nprint helper.twice(21)\n");
        NpuCommandTest.Run r = npu("script", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("42", r.out().strip());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("helper.py", "main.py"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void argvExitCodesImportAndNoCacheFolder() throws IOException {
        Path f = script("args.py", "import sys\nimport npu as toolkit\nprint sys.argv[1:]\n"
                + "print toolkit.chip(sys.argv[1]).with_({'array.rows': 8}).get('rows')\nsys.exit(int(sys.argv[2]))\n");
        NpuCommandTest.Run r = npu("script", f.toString(), "gemmini", "5", "--not-an-npu-option");
        assertEquals(5, r.exit(), r.err());
        assertEquals("[u'gemmini', u'5', u'--not-an-npu-option']\n8", r.out().strip());
        // Jython's package cache is kept in memory: nothing in the working folder, the script's or home.
        assertFalse(Files.exists(Path.of("cachedir")));
        assertFalse(Files.exists(dir.resolve("cachedir")));
        assertFalse(Files.exists(Path.of(System.getProperty("user.home"), ".jython")));
        assertFalse(Files.exists(Path.of(System.getProperty("user.home"), "cachedir")));
    }
}
