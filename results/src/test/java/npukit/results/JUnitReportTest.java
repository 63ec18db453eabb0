package npukit.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import npukit.arch.energy.EnergyBreakdown;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** JUnit XML from a regression's rows, valid against the JUnit report schema CI systems read: one testsuite per chip, a verdict element per case that did not pass. */
class JUnitReportTest {

    private static final SweepRow.ChipSummary A = new SweepRow.ChipSummary("chip-a", "aaaa", 4, 4, "ws", 1000, 16,
            new SweepRow.Area(3000, 2000, 20, 12));
    private static final SweepRow.ChipSummary B = new SweepRow.ChipSummary("chip-b", "bbbb", 8, 8, "os", 500, 16,
            new SweepRow.Area(6000, 2500, 60, 12));

    private static SweepRow row(int point, SweepRow.ChipSummary chip, String name, String seconds, String failure) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("set", "regression");
        fields.put("seed", "");
        fields.put("seconds", seconds);
        Optional<WorkloadMetrics> metrics = failure == null ? Optional.of(new WorkloadMetrics(100, 64, 10, 10, 1,
                Optional.empty(), EnergyBreakdown.of(Collections.nCopies(EnergyBreakdown.COMPONENTS.size(), 1.0))))
                : Optional.empty();
        return new SweepRow(point, name, chip, fields, metrics, Optional.ofNullable(failure));
    }

    @Test
    void eachVerdictIsItsElementAndTotalsAddUp() throws Exception {
        // Rows out of order, as threads append them: the report groups them by chip, in chip order.
        List<SweepRow> rows = List.of(
                row(1, B, "p1", "0.5", null),
                row(0, A, "p1", "2.25", "failed: counter cycles: simulator 100, rtl 101"),
                row(0, A, "p2", "0.25", "skipped: cannot be written for this chip: x.npub: built for chip 'other'"),
                row(1, B, "p2", "1", "error: did not run: the RTL could not be built: <oops> & \u0007"),
                row(0, A, "p3", "0.5", null));
        String xml = JUnitReport.xml("suite", new SweepCsv.Parsed(JUnitReport.FIELDS, rows));
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(JUnitReport.class.getResource(
                "junit-report.xsd")).newValidator().validate(new StreamSource(new StringReader(xml)));
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals(List.of("5", "1", "1", "1", "4.500"), List.of(root.getAttribute("tests"),
                root.getAttribute("failures"), root.getAttribute("errors"), root.getAttribute("skipped"),
                root.getAttribute("time")));
        NodeList suites = root.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        Element a = (Element) suites.item(0);
        assertEquals("chip-a", a.getAttribute("name"));
        assertEquals(List.of("3", "1", "0", "1", "3.000"), List.of(a.getAttribute("tests"), a.getAttribute("failures"),
                a.getAttribute("errors"), a.getAttribute("skipped"), a.getAttribute("time")));
        NodeList cases = a.getElementsByTagName("testcase");
        assertEquals(List.of("p1", "p2", "p3"), List.of(((Element) cases.item(0)).getAttribute("name"),
                ((Element) cases.item(1)).getAttribute("name"), ((Element) cases.item(2)).getAttribute("name")));
        Element failure = (Element) ((Element) cases.item(0)).getElementsByTagName("failure").item(0);
        assertEquals("counter cycles: simulator 100, rtl 101", failure.getAttribute("message"));
        assertEquals("chip-a.regression", ((Element) cases.item(0)).getAttribute("classname"));
        assertEquals("2.250", ((Element) cases.item(0)).getAttribute("time"));
        Element skipped = (Element) ((Element) cases.item(1)).getElementsByTagName("skipped").item(0);
        assertEquals("cannot be written for this chip: x.npub: built for chip 'other'", skipped.getAttribute("message"));
        assertEquals(0, ((Element) cases.item(2)).getChildNodes().getLength());
        Element b = (Element) suites.item(1);
        Element error = (Element) b.getElementsByTagName("error").item(0);
        // Markup is escaped; a control character XML cannot hold becomes a space.
        assertEquals("did not run: the RTL could not be built: <oops> &  ", error.getAttribute("message"));
        assertEquals("aaaa", ((Element) a.getElementsByTagName("property").item(0)).getAttribute("value"));
    }

    @Test
    void aSweepsResultsAreNotARegressions() {
        SweepCsv.Parsed sweep = new SweepCsv.Parsed(List.of("array.rows"), List.of());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JUnitReport.xml("x", sweep)).getMessage()
                .contains("not a regression's results"));
    }
}
