package npukit.compiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.ir.Graph;
import npukit.compiler.partition.Partitioner;
import npukit.compiler.lower.FusedLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RooflineSvgTest {

    static final ChipConfig GEMMINI = ChipPresets.gemmini();

    /** conv1 (compute bound, measured at 1000 cycles), a layer whose name needs escaping, fc1 (memory bound, unmeasured). */
    static List<LayerReport> reports() {
        List<FusedLayer> layers = List.of(Layers.conv("conv1", 1, 1, 28, 28, 10, 5, 5, false),
                Layers.conv("a<b & \"c\"", 1, 10, 12, 12, 20, 5, 5, false), Layers.dense("fc1", 1, 320, 50, true));
        ModelAnalysis m = new ModelAnalysis("mnist", Roofline.of(GEMMINI), layers.stream().map(l -> LayerAnalysis.of(l, GEMMINI)).toList());
        return LayerReport.merge(m, Map.of("conv1", new LayerMeasurement(600, 1000, 1034, 5760)));
    }

    @Test
    void isWellFormedXmlWithEveryLayerLabelled() throws Exception {
        String svg = RooflineSvg.render("MNIST on gemmini", Roofline.of(GEMMINI), reports());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "roofline-test.svg"), svg);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        List<String> texts = new ArrayList<>();
        NodeList t = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < t.getLength(); i++) {
            texts.add(t.item(i).getTextContent());
        }
        assertTrue(texts.contains("conv1"), texts.toString()); // measured: plain label
        assertTrue(texts.contains("a<b & \"c\" (bound)"), texts.toString()); // escaped in the file, intact once parsed
        assertTrue(texts.contains("fc1 (bound)"), texts.toString());
        assertTrue(texts.contains("MNIST on gemmini"), texts.toString());
        assertTrue(texts.contains("peak 256 MACs/cycle"), texts.toString());
        assertTrue(texts.contains("ridge 16 MACs/B, 16 B/cycle"), texts.toString());
        // Decades: intensities 0.97 .. 160 (ridge x 10) on x; 1.6 (ridge / 10 x 16) .. 384 on y.
        for (String tick : List.of("0.1", "1", "10", "100", "1000")) {
            assertTrue(texts.contains(tick), "tick " + tick + " in " + texts);
        }
        assertEquals(3, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle").getLength());
        assertEquals(1, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength());
    }

    @Test
    void pointsSitWhereTheirFiguresSayOnLogAxes() throws Exception {
        String svg = RooflineSvg.render("t", Roofline.of(GEMMINI), reports());
        // x spans 10^-1 .. 10^3 over the 640 px between the margins (80 .. 720): 160 px per decade.
        // conv1: intensity 21.071 -> 80 + (log10(21.071) + 1) x 160 = 451.91; 144 MACs/cycle measured.
        double x = 80 + (Math.log10(144_000.0 / 6834) + 1) * 160;
        assertTrue(svg.contains(String.format(java.util.Locale.ROOT, "cx=\"%.2f\"", x)), svg);
        // The roof's knee is at the ridge (16 MACs/B) and the peak: x = 80 + 2.2041 x 160.
        assertTrue(svg.contains(String.format(java.util.Locale.ROOT, "%.2f,", 80 + (Math.log10(16) + 1) * 160)), svg);
    }

    @Test
    void sameInputSameBytesAndMeasurementsMoveThePoint() {
        String a = RooflineSvg.render("t", Roofline.of(GEMMINI), reports());
        assertEquals(a, RooflineSvg.render("t", Roofline.of(GEMMINI), reports()));
        List<LayerReport> unmeasured = reports().stream().map(r -> new LayerReport(r.analysis(), java.util.Optional.empty())).toList();
        assertNotEquals(a, RooflineSvg.render("t", Roofline.of(GEMMINI), unmeasured));
    }

    @Test
    void csvNumbersArePlainAndKeepCycleDecimals() {
        assertEquals("1234567.125", LayerReportCsv.number(1_234_567.125));
        assertEquals("0.833333", LayerReportCsv.number(500.0 / 600));
        assertEquals("0", LayerReportCsv.number(0));
        assertEquals("0.0000123457", LayerReportCsv.number(1.234567e-5));
    }

    @Test
    void realMnistGraphRendersToo(@TempDir Path dir) throws Exception {
        Graph g = npukit.compiler.pass.PassPipeline.standard().run(npukit.compiler.testdata.MnistData.model(dir));
        g = npukit.compiler.pass.BindInputShapes.batch(g, 1).apply(g).orElseThrow();
        ModelAnalysis m = ModelAnalysis.of(g, Partitioner.partition(g, true).layers(), GEMMINI);
        String svg = RooflineSvg.render("MNIST CNN, batch 1, on gemmini", m.roofline(), LayerReport.merge(m, Map.of()));
        Files.writeString(Path.of("target", "mnist-gemmini-roofline.svg"), svg);
        for (String layer : List.of("Conv_0", "Conv_3", "Gemm_8", "Gemm_10")) {
            assertTrue(svg.contains(">" + layer + " (bound)<"), layer);
        }
        assertTrue(!svg.contains("MaxPool"), "host layers have no point");
    }
}
