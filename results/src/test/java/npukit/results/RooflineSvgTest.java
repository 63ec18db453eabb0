package npukit.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Roofline;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RooflineSvgTest {

    static final Roofline GEMMINI = Roofline.of(ChipPresets.gemmini());

    /** conv1 (compute bound, measured at 1000 cycles), a layer whose name needs escaping, fc1 (memory bound, unmeasured). */
    static List<LayerRecord> reports() {
        return List.of(
                Records.array("conv1", "conv", 576, 25, 10, 784, 5760, GEMMINI,
                        Optional.of(new LayerRecord.Measurement(1000, 144_000, 1034, 5760))),
                Records.array("a<b & \"c\"", "conv", 64, 250, 20, 1440, 1280, GEMMINI, Optional.empty()),
                Records.array("fc1", "dense", 1, 320, 50, 320, 50, GEMMINI, Optional.empty()));
    }

    @Test
    void isWellFormedXmlWithEveryLayerLabelled() throws Exception {
        String svg = RooflineSvg.render("MNIST on gemmini", GEMMINI, reports());
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
        String svg = RooflineSvg.render("t", GEMMINI, reports());
        // x spans 10^-1 .. 10^3 over the 640 px between the margins (80 .. 720): 160 px per decade.
        // conv1: intensity 21.071 -> 80 + (log10(21.071) + 1) x 160 = 451.91; 144 MACs/cycle measured.
        double x = 80 + (Math.log10(144_000.0 / 6834) + 1) * 160;
        assertTrue(svg.contains(String.format(java.util.Locale.ROOT, "cx=\"%.2f\"", x)), svg);
        // The roof's knee is at the ridge (16 MACs/B) and the peak: x = 80 + 2.2041 x 160.
        assertTrue(svg.contains(String.format(java.util.Locale.ROOT, "%.2f,", 80 + (Math.log10(16) + 1) * 160)), svg);
    }

    @Test
    void sameInputSameBytesAndMeasurementsMoveThePoint() {
        String a = RooflineSvg.render("t", GEMMINI, reports());
        assertEquals(a, RooflineSvg.render("t", GEMMINI, reports()));
        List<LayerRecord> unmeasured = reports().stream().map(Records::unmeasured).toList();
        assertNotEquals(a, RooflineSvg.render("t", GEMMINI, unmeasured));
    }

    @Test
    void layersOfAnotherChipAreRefused() {
        Roofline other = Roofline.of(ChipPresets.edgeCmsis());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RooflineSvg.render("t", other, reports()));
        assertTrue(e.getMessage().contains("conv1"), e.getMessage());
    }
}
