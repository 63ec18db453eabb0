package npukit.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.results.SweepCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade's functions from a script: each result checked against another way to get it (the
 * timing-only cycles against a functional run's, an evaluation against its run, the files written
 * against what they should hold), and files written only where the script says, over nothing without
 * force.
 */
class ToolkitTest {

    @TempDir
    Path dir;

    /** Runs {@code text} as a script; its stdout. */
    private String run(String text) throws IOException {
        Path f = dir.resolve("t.py");
        Files.writeString(f, text);
        StringWriter out = new StringWriter();
        assertEquals(0, ScriptRunner.run(f, List.of(dir.toString()), new PrintWriter(out), new PrintWriter(new StringWriter())));
        return out.toString();
    }

    /** MNIST's convolutions end with their max pool on the VALU: the timing-only compile must build those programs too. */
    @Test
    void timingOnlyCyclesEqualAFunctionalRunsAndEvalEqualsRun() throws IOException {
        String out = run("""
                m = npu.mnist()
                gem = npu.chip('gemmini')
                r = npu.run(m, gem, samples=2)
                print r.first().totalCycles(), npu.time(m, gem).metrics().cycles()
                e = npu.eval(m, [gem, gem.with_(rounding='floor')], samples=2)
                print len(e), e[0].outputSqnrDb() == r.evaluation().outputSqnrDb(), e[1].rounding()
                print npu.compile(m, gem, calibrate=2).chip().name()
                """);
        String[] lines = out.strip().split("\n");
        String[] cycles = lines[0].split(" ");
        assertEquals(cycles[0], cycles[1], out);
        assertTrue(Long.parseLong(cycles[0]) > 0, out);
        assertEquals("2 True floor", lines[1], out);
        assertEquals("gemmini", lines[2], out);
    }

    @Test
    void chipsVariantsAndTopologySubsets() throws IOException {
        String out = run("""
                gem = npu.chip('gemmini')
                v = gem.with_({'array.rows': 8}).with_(scratchpad_kib=64, dataflow='os')
                print v.get('rows'), v.get('array.cols'), v.get('sram.scratchpad-kib'), v.get('dataflow')
                print v.name() != gem.name(), v.hash() != gem.hash(), gem.with_(rows=8).name() == gem.with_(rows=8).name()
                t = npu.topology('../workloads/scalesim/conv_nets/Resnet18.csv', ['FC', 'Conv5_2b'])
                print t.name(), t.functional()
                print len(npu.random_chips(3, 5)), npu.fields()[:2], 'floor' in npu.rounding_modes()
                """);
        assertEquals(String.join("\n", "8 16 64 os", "True True True", "Resnet18[2 layers] False",
                "3 [array.rows, array.cols] True"), out.strip());
    }

    @Test
    void sweepTablesAndFiles() throws IOException {
        String out = run("""
                import sys, os
                d = sys.argv[1]
                gem = npu.chip('gemmini')
                t = npu.topology('../workloads/scalesim/conv_nets/Resnet18.csv', 1)
                res = npu.sweep([gem, gem.with_(rows=8, cols=8)], [t], output=os.path.join(d, 's.csv'))
                print list(res.fields()), [r.chip().rows() for r in res.rows()], [r.ok() for r in res.rows()]
                print res.rows()[0].metrics().get().cycles() == npu.time(t, gem).metrics().cycles()
                npu.report(res, os.path.join(d, 'r.html'))
                npu.roofline(npu.time(t, gem), os.path.join(d, 'roof.svg'))
                npu.write(os.path.join(d, 't.csv'), npu.table(['a', 'b'], [[1, 'x'], [2, 'y']], True))
                """);
        assertEquals("[u'array.rows', u'array.cols'] [16, 8] [True, True]\nTrue", out.strip());
        assertEquals(2, SweepCsv.read(Files.readString(dir.resolve("s.csv")), "s.csv").rows().size());
        assertTrue(Files.exists(dir.resolve("s-layers.csv")));
        assertTrue(Files.readString(dir.resolve("r.html")).startsWith("<!DOCTYPE html>"));
        assertTrue(Files.readString(dir.resolve("roof.svg")).contains("<svg"));
        assertEquals("a,b\n1,x\n2,y", Files.readString(dir.resolve("t.csv")).strip());
        // Again: every output exists now, and none is written over without force.
        ScriptError e = assertThrows(ScriptError.class, () -> run("""
                import sys, os
                npu.write(os.path.join(sys.argv[1], 't.csv'), 'other')
                """));
        assertTrue(e.getMessage().contains("t.py:2: "), e.getMessage());
        assertEquals("a,b\n1,x\n2,y", Files.readString(dir.resolve("t.csv")).strip());
    }
}
