package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.stream.Stream;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Roofline;
import npukit.arch.energy.EnergyBreakdown;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompiledModel;
import npukit.results.LayerCsv;
import npukit.results.LayerRecord;
import npukit.results.RooflineSvg;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MNIST CNN on gemmini as records: the compiler's analysis, each NPU layer's plan and one digit's measurements. */
class LayerRecordsTest {

    static ModelSource mnist;
    static CompiledModel compiled;
    static RunResult first;

    @BeforeAll
    static void run() {
        mnist = ModelSource.resolve(null, null, 1);
        compiled = ModelRuns.compile(mnist, ChipPresets.gemmini(), new CompileSettings(8, CalibrationMethod.MINMAX));
        first = new ModelRunner(compiled).run(mnist.samples().get(0).inputs());
    }

    @Test
    void everyLayerInGraphOrderWithItsPlanMeasurementsOrHostReason() {
        List<LayerRecord> layers = LayerRecords.of(compiled, first);
        // The pools run on the VALU in their convolutions' programs, so they join those rows.
        assertEquals(List.of("Conv_0", "Conv_3", "Reshape_7", "Gemm_8", "Gemm_10", "LogSoftmax_12"),
                layers.stream().map(LayerRecord::layer).toList());
        LayerRecord conv = layers.get(0);
        assertEquals(LayerRecord.Placement.NPU, conv.placement());
        assertEquals("Conv_0+Relu_2+MaxPool_1", conv.nodes());
        assertEquals("Conv_3+Relu_5+MaxPool_4", layers.get(1).nodes());
        assertEquals(new LayerRecord.Shape(576, 25, 10), conv.shape().orElseThrow());
        LayerRun run = first.layers().get(0);
        assertEquals(run.cycles(), conv.measured().orElseThrow().simulatedCycles());
        assertEquals(conv.macs(), conv.measured().orElseThrow().macs(), "the GEMMs do exactly the layer's m k n MACs");
        assertEquals(run.predictedCycles(), conv.mapping().orElseThrow().predictedCycles());
    }

    @Test
    void csvOfTheRunHasTheMeasuredCyclesAndEmptyCellsForTheHost() throws IOException {
        List<LayerRecord> layers = LayerRecords.of(compiled, first);
        try (CSVParser p = CSVParser.parse(new StringReader(LayerCsv.write(layers)),
                CSVFormat.DEFAULT.builder().setHeader().build())) {
            assertEquals(LayerCsv.COLUMNS, p.getHeaderNames());
            List<CSVRecord> rows = p.getRecords();
            assertEquals(6, rows.size());
            assertEquals(List.of("Conv_0", "conv+relu", "conv", "576", "25", "10", "260", "144000"),
                    rows.get(0).toList().subList(0, 8));
            assertEquals(Long.toString(first.layers().get(0).cycles()), rows.get(0).get("cycles_simulated"));
            assertEquals("", rows.get(2).get("cycles_simulated"));
            assertEquals("memory", rows.get(3).get("bound"));
        }
    }

    @Test
    void aMeasurementForALayerTheModelLacksIsAnError() {
        LayerRun stray = new LayerRun("conv9", 3, 0, 9, 10, 0, 0, 5, first.layers().get(0).access(), EnergyBreakdown.NONE);
        RunResult r = new RunResult(first.outputs(), first.programs(),
                Stream.concat(first.layers().stream(), Stream.of(stray)).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerRecords.of(compiled, r));
        assertTrue(e.getMessage().contains("conv9"), e.getMessage());
    }

    @Test
    void theRooflineOfTheRunPlacesEveryNpuLayerAtItsMeasuredRate() {
        String svg = RooflineSvg.render("MNIST CNN on gemmini", Roofline.of(ChipPresets.gemmini()),
                LayerRecords.of(compiled, first));
        for (String layer : List.of("Conv_0", "Conv_3", "Gemm_8", "Gemm_10")) {
            assertTrue(svg.contains(">" + layer + "<"), layer);
        }
        assertTrue(!svg.contains("MaxPool"), "host layers have no point");
    }
}
