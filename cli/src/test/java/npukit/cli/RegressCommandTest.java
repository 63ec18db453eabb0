package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import npukit.results.JUnitReport;
import npukit.results.SweepCsv;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** npu regress: the shipped example, cases that cannot run, resuming, and suites refused before anything runs. */
class RegressCommandTest {

    static final Path EXAMPLE = Path.of("..", "examples", "regress", "three-chips.yaml");

    /** The junit.xml, checked against the JUnit report schema CI systems read, then parsed. */
    private static Element junit(Path dir) throws Exception {
        Path xml = dir.resolve("junit.xml");
        SchemaFactory schemas = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        schemas.newSchema(JUnitReport.class.getResource("junit-report.xsd")).newValidator()
                .validate(new StreamSource(xml.toFile()));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        return doc.getDocumentElement();
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element c && c.getTagName().equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Element> verdicts(Element testcase) {
        List<Element> out = new ArrayList<>(children(testcase, "failure"));
        out.addAll(children(testcase, "error"));
        out.addAll(children(testcase, "skipped"));
        return out;
    }

    private static int count(Element e, String attribute) {
        return Integer.parseInt(e.getAttribute(attribute));
    }

    @Test
    void theExampleRunsThreeChipsAndWritesJUnitCsvAndHtml(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        NpuCommandTest.Run r = npu("regress", EXAMPLE.toString(), "-o", out.toString(), "--threads", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("45 cases: 45 passed, 0 failed, 0 errors, 0 skipped"), r.out());
        Element root = junit(out);
        assertEquals("testsuites", root.getTagName());
        assertEquals(45, count(root, "tests"));
        assertEquals(0, count(root, "failures") + count(root, "errors") + count(root, "skipped"));
        List<Element> suites = children(root, "testsuite");
        assertEquals(List.of("gemmini-3875da7e", "edge-cmsis"), suites.stream().limit(2).map(s -> s.getAttribute("name"))
                .toList());
        assertEquals(3, suites.size());
        assertTrue(suites.get(2).getAttribute("name").startsWith("nnie-"), suites.get(2).getAttribute("name"));
        double total = 0;
        for (Element s : suites) {
            List<Element> cases = children(s, "testcase");
            assertEquals(15, cases.size());
            assertEquals(15, count(s, "tests"));
            double sum = 0;
            for (Element c : cases) {
                assertTrue(c.getAttribute("classname").startsWith(s.getAttribute("name") + "."), c.getAttribute("classname"));
                assertTrue(verdicts(c).isEmpty(), "a passing case has no failure, error or skipped element");
                sum += Double.parseDouble(c.getAttribute("time"));
            }
            assertEquals(sum, Double.parseDouble(s.getAttribute("time")), 0.01);
            total += sum;
            assertEquals("gemm-single-tile", children(s, "testcase").get(0).getAttribute("name"));
            assertEquals("random40-2-1", children(s, "testcase").get(14).getAttribute("name"));
        }
        assertEquals(total, Double.parseDouble(root.getAttribute("time")), 0.05);
        SweepCsv.Parsed csv = SweepCsv.read(Files.readString(out.resolve("results.csv")), "results.csv");
        assertEquals(List.of("set", "seed", "seconds"), csv.fields());
        assertEquals(45, csv.rows().size());
        assertTrue(csv.rows().stream().allMatch(row -> row.ok() && row.metrics().orElseThrow().cycles() > 0));
        assertEquals(6, csv.rows().stream().filter(row -> row.fields().get("seed").equals("2")).count());
        assertTrue(Files.readString(out.resolve("report.html")).contains("<html"));
    }

    /** A suite of one small chip with a folder of programs: one passes, one cannot be read, one does not finish. */
    private static Path folderSuite(Path dir) throws IOException {
        Path chip = VerifyCommandTest.tinyChip(dir);
        Path programs = Files.createDirectory(dir.resolve("programs"));
        String good = """
                LOAD  mem=sp row=0 hbm=0x0 rows=8 bytes=4 stride=4 push-next
                GEMM  a=0 b=4 c=0 m=4 k=4 n=4 pop-prev push-next
                STORE mem=acc row=0 hbm=0x1000 rows=4 bytes=16 stride=16 pop-prev
                FINISH
                """;
        Files.writeString(programs.resolve("c-good.s"), good);
        Files.writeString(programs.resolve("a-deadlock.s"), """
                GEMM  a=0 b=4 c=0 m=4 k=4 n=4 pop-prev
                FINISH
                """);
        // A binary built for another chip: it cannot run on this one.
        Path source = Files.writeString(dir.resolve("other.s"), good);
        NpuCommandTest.Run asm = npu("asm", source.toString(), "--chip", "edge-cmsis", "-o",
                programs.resolve("b-other-chip.npub").toString());
        assertEquals(0, asm.exit(), asm.err());
        return Files.writeString(dir.resolve("suite.yaml"), "chips: [" + chip + "]\nprograms:\n  - dir: programs\n"
                + "  - random: {count: 2, size: 30}\nseeds: [3]\n");
    }

    @Test
    void programsThatCannotRunAreSkippedOrErrorsWithTheirReason(@TempDir Path dir) throws Exception {
        Path suite = folderSuite(dir);
        Path out = dir.resolve("out");
        NpuCommandTest.Run r = npu("regress", suite.toString(), "-o", out.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("5 cases: 3 passed, 0 failed, 1 errors, 1 skipped"), r.out());
        Element s = children(junit(out), "testsuite").get(0);
        assertEquals("tiny-os", s.getAttribute("name"));
        assertEquals(List.of(5, 0, 1, 1), List.of(count(s, "tests"), count(s, "failures"), count(s, "errors"),
                count(s, "skipped")));
        List<Element> cases = children(s, "testcase");
        assertEquals(List.of("a-deadlock", "b-other-chip", "c-good", "random30-3-0", "random30-3-1"),
                cases.stream().map(c -> c.getAttribute("name")).toList());
        assertEquals("tiny-os.programs", cases.get(0).getAttribute("classname"));
        Element error = children(cases.get(0), "error").get(0);
        assertTrue(error.getAttribute("message").startsWith("did not run: SimulationException: "), error.getAttribute("message"));
        assertTrue(error.getAttribute("message").contains("deadlock"), error.getAttribute("message"));
        Element skipped = children(cases.get(1), "skipped").get(0);
        assertTrue(skipped.getAttribute("message").startsWith("cannot be written for this chip: "
                + dir.resolve("programs").resolve("b-other-chip.npub") + ": built for chip 'edge-cmsis'"),
                skipped.getAttribute("message"));
        assertTrue(skipped.getAttribute("message").contains("edge-cmsis"), skipped.getAttribute("message"));
        assertTrue(verdicts(cases.get(2)).isEmpty(), "c-good passed");
        assertTrue(verdicts(cases.get(3)).isEmpty(), "random30-3-0 passed");
        List<String> reasons = SweepCsv.read(Files.readString(out.resolve("results.csv")), "results.csv").rows().stream()
                .map(row -> row.failure().orElse("")).toList();
        assertTrue(reasons.get(0).startsWith("error: did not run: "), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("skipped: cannot be written for this chip: "), reasons.get(1));
        assertEquals(List.of("", "", ""), reasons.subList(2, 5));
    }

    @Test
    void aRunCutShortIsResumedWithoutRunningTheCasesItHolds(@TempDir Path dir) throws Exception {
        Path suite = folderSuite(dir);
        Path out = dir.resolve("out");
        assertEquals(1, npu("regress", suite.toString(), "-o", out.toString()).exit());
        Path csv = out.resolve("results.csv");
        List<String> full = Files.readAllLines(csv);
        assertEquals(6, full.size());
        // As a kill leaves it: the header, two rows, and a third cut short.
        Files.writeString(csv, String.join("\n", full.subList(0, 3)) + "\n" + full.get(3).substring(0, 20));
        NpuCommandTest.Run refused = npu("regress", suite.toString(), "-o", out.toString());
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("results.csv: already exists; give --resume"), refused.err());
        NpuCommandTest.Run r = npu("regress", suite.toString(), "-o", out.toString(), "--resume");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("resuming: 2 of 5 cases are in "), r.out());
        assertTrue(r.out().contains("5 cases: 3 passed, 0 failed, 1 errors, 1 skipped"), r.out());
        List<String> resumed = Files.readAllLines(csv);
        assertEquals(full.subList(0, 3), resumed.subList(0, 3), "the rows written before the cut are kept as they were");
        assertEquals(6, resumed.size());
        assertEquals(5, count(junit(out), "tests"));
    }

    /** Each bad suite and what its one-line error must say, besides the file. */
    static Stream<Arguments> badSuites() {
        return Stream.of(
                Arguments.of("chips: [gemmini]\nprograms: [regression]\nrepeat: 3\n",
                        "repeat: unknown key; allowed: chips, programs, seeds"),
                Arguments.of("chips: [gemmini, gemini]\nprograms: [regression]\n", "chips[1] = gemini: neither a preset ("),
                Arguments.of("chips:\n  - {base: gemmini, set: {array.size: 4}}\nprograms: [regression]\n",
                        "chips[0]: set: array.size: not a chip field"),
                Arguments.of("chips: [gemmini]\nprograms: []\n", "programs: the list is empty"),
                Arguments.of("chips: []\nprograms: [regression]\n", "chips: the list is empty"),
                Arguments.of("chips: [gemmini]\nprograms:\n  - random: {count: 2}\n", "seeds: missing"),
                Arguments.of("chips: [gemmini]\nprograms: [regresion]\n", "programs[0] = \"regresion\": expected regression"),
                Arguments.of("chips: [gemmini, gemmini]\nprograms: [regression]\n",
                        "chips[1] = gemmini: a chip of that name is already in the suite"));
    }

    @ParameterizedTest
    @MethodSource("badSuites")
    void aBadSuiteIsRefusedBeforeAnythingRuns(String yaml, String message, @TempDir Path dir) throws IOException {
        Path suite = Files.writeString(dir.resolve("bad.yaml"), yaml);
        NpuCommandTest.Run r = npu("regress", suite.toString(), "-o", dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(suite + ": " + message), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing runs, nothing is written");
    }
}
