package npukit.results;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A regression run's results as JUnit XML, the structure CI systems (Jenkins, GitLab, GitHub test
 * reporters) read: {@code <testsuites>} with one {@code <testsuite>} per chip and one {@code <testcase>}
 * per program, each with its time in seconds; a program whose RTL differs from the simulator has a
 * {@code <failure>} whose message is the first difference, one that cannot be written for the chip a
 * {@code <skipped>} with the reason, one that did not run (RTL not built, did not finish) an
 * {@code <error>}.
 *
 * <p>It is made from the results CSV (a sweep's format, {@link SweepCsv}), so that a resumed run
 * reports every case: regression rows carry {@link #FIELDS} in the swept fields' place, and a failed
 * row's reason starts with {@link #FAILED}, {@link #SKIPPED} or {@link #ERROR}.
 */
public final class JUnitReport {

    /** The case columns of a regression's results: program set, seed (empty when none), wall seconds. */
    public static final List<String> FIELDS = List.of("set", "seed", "seconds");
    public static final String FAILED = "failed: ";
    public static final String SKIPPED = "skipped: ";
    public static final String ERROR = "error: ";

    /** How a row ended, read from its status and reason. */
    public enum Verdict {
        PASSED, FAILED, SKIPPED, ERROR
    }

    private JUnitReport() {
    }

    public static Verdict verdict(SweepRow r) {
        if (r.ok()) {
            return Verdict.PASSED;
        }
        String reason = r.failure().orElseThrow();
        return reason.startsWith(SKIPPED) ? Verdict.SKIPPED : reason.startsWith(FAILED) ? Verdict.FAILED : Verdict.ERROR;
    }

    /** Rows of each verdict, all verdicts present (0 when none). */
    public static Map<Verdict, Integer> counts(List<SweepRow> rows) {
        Map<Verdict, Integer> n = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            n.put(v, 0);
        }
        rows.forEach(r -> n.merge(verdict(r), 1, Integer::sum));
        return n;
    }

    /** The XML document for {@code results}, whose fields must be {@link #FIELDS}; {@code name} names the run. */
    public static String xml(String name, SweepCsv.Parsed results) {
        if (!results.fields().equals(FIELDS)) {
            throw new IllegalArgumentException("not a regression's results: its case columns are " + results.fields()
                    + ", not " + FIELDS);
        }
        Map<Integer, List<SweepRow>> byChip = new LinkedHashMap<>();
        results.rows().stream().sorted((a, b) -> Integer.compare(a.point(), b.point()))
                .forEach(r -> byChip.computeIfAbsent(r.point(), k -> new ArrayList<>()).add(r));
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element all = doc.createElement("testsuites");
            all.setAttribute("name", clean(name));
            doc.appendChild(all);
            for (List<SweepRow> rows : byChip.values()) {
                all.appendChild(suite(doc, rows));
            }
            totals(all, results.rows());
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter text = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(text));
            return text.toString().stripTrailing() + "\n";
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML writer failed: " + e.getMessage(), e);
        }
    }

    private static Element suite(Document doc, List<SweepRow> rows) {
        SweepRow first = rows.get(0);
        Element suite = doc.createElement("testsuite");
        suite.setAttribute("name", clean(first.chip().name()));
        suite.setAttribute("id", Integer.toString(first.point()));
        Element props = doc.createElement("properties");
        property(doc, props, "config_hash", first.chip().configHash());
        property(doc, props, "array", first.chip().rows() + "x" + first.chip().cols());
        property(doc, props, "dataflow", first.chip().dataflow());
        suite.appendChild(props);
        for (SweepRow r : rows) {
            Element c = doc.createElement("testcase");
            c.setAttribute("classname", clean(r.chip().name() + "." + r.fields().get("set")));
            c.setAttribute("name", clean(r.workload()));
            c.setAttribute("time", seconds(r));
            Verdict v = verdict(r);
            if (v != Verdict.PASSED) {
                String reason = r.failure().orElseThrow();
                String message = v == Verdict.ERROR && !reason.startsWith(ERROR) ? reason
                        : reason.substring(reason.indexOf(": ") + 2);
                Element e = doc.createElement(v == Verdict.FAILED ? "failure" : v.name().toLowerCase(Locale.ROOT));
                e.setAttribute("message", clean(message));
                if (v != Verdict.SKIPPED) {
                    e.setAttribute("type", v == Verdict.FAILED ? "co-validation mismatch" : "did not run");
                    e.setTextContent(clean(message));
                }
                c.appendChild(e);
            }
            suite.appendChild(c);
        }
        totals(suite, rows);
        return suite;
    }

    /** tests, failures, errors, skipped and time of {@code rows} on {@code e}. */
    private static void totals(Element e, List<SweepRow> rows) {
        Map<Verdict, Integer> n = counts(rows);
        e.setAttribute("tests", Integer.toString(rows.size()));
        e.setAttribute("failures", Integer.toString(n.get(Verdict.FAILED)));
        e.setAttribute("errors", Integer.toString(n.get(Verdict.ERROR)));
        e.setAttribute("skipped", Integer.toString(n.get(Verdict.SKIPPED)));
        double time = rows.stream().mapToDouble(r -> Double.parseDouble(seconds(r))).sum();
        e.setAttribute("time", String.format(Locale.ROOT, "%.3f", time));
    }

    private static void property(Document doc, Element props, String name, String value) {
        Element p = doc.createElement("property");
        p.setAttribute("name", name);
        p.setAttribute("value", clean(value));
        props.appendChild(p);
    }

    private static String seconds(SweepRow r) {
        String s = r.fields().get("seconds");
        return s == null || s.isEmpty() ? "0.000" : String.format(Locale.ROOT, "%.3f", Double.parseDouble(s));
    }

    /** XML 1.0 cannot hold most control characters, even escaped: they become spaces. */
    private static String clean(String s) {
        return s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", " ");
    }
}
