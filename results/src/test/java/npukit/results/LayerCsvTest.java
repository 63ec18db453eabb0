package npukit.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Roofline;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The per-layer CSV: stable columns, units in the names, empty cells for what does not apply. */
class LayerCsvTest {

    static final Roofline GEMMINI = Roofline.of(ChipPresets.gemmini());

    @Test
    void columnsAreStableAndWhatDoesNotApplyIsEmpty() throws IOException {
        List<LayerRecord> layers = List.of(
                Records.array("Conv_0", "conv", 576, 25, 10, 784, 5760, GEMMINI,
                        Optional.of(new LayerRecord.Measurement(1000, 144_000, 1034, 5760))),
                Records.host("MaxPool_1", "MaxPool", 5760, 1440, GEMMINI),
                Records.unmeasured(Records.array("Gemm_8", "dense", 1, 320, 50, 320, 50, GEMMINI, Optional.empty())));
        String csv = LayerCsv.write(layers);
        try (CSVParser p = CSVParser.parse(new StringReader(csv), CSVFormat.DEFAULT.builder().setHeader().build())) {
            assertEquals(LayerCsv.COLUMNS, p.getHeaderNames());
            List<CSVRecord> rows = p.getRecords();
            assertEquals(3, rows.size());
            CSVRecord conv = rows.get(0);
            assertEquals("Conv_0", conv.get("layer"));
            assertEquals("144000", conv.get("macs"));
            assertEquals("6834", conv.get("hbm_min_bytes"));
            assertEquals("21.0711", conv.get("intensity_macs_per_byte")); // 144000 / 6834 to 6 digits
            assertEquals("compute", conv.get("bound"));
            assertEquals("562.5", conv.get("roofline_cycles"));
            assertEquals("600", conv.get("cycles_predicted"));
            assertEquals("1000", conv.get("cycles_simulated"));
            assertEquals("144", conv.get("attained_macs_per_cycle"));
            assertEquals("0.5625", conv.get("utilisation")); // 144000 / (1000 x 256)
            assertEquals("0.5625", conv.get("fraction_of_bound")); // 562.5 ideal cycles / 1000 simulated
            assertEquals("1034", conv.get("hbm_read_bytes"));
            CSVRecord pool = rows.get(1);
            assertEquals("host", pool.get("kind"));
            assertEquals("", pool.get("bound"));
            assertEquals("", pool.get("m"));
            assertEquals("", pool.get("cycles_predicted"));
            CSVRecord fc1 = rows.get(2);
            assertEquals("memory", fc1.get("bound"));
            assertEquals("1035.625", fc1.get("roofline_cycles")); // cycles keep 3 decimals
            assertEquals("", fc1.get("cycles_simulated")); // not measured: empty, not 0
            assertEquals("", fc1.get("fraction_of_bound"));
            assertEquals("", pool.get("fraction_of_bound"));
        }
    }

    @Test
    void theGeomeanOfFractionsOfBoundIsOverMeasuredLayersOnly() {
        LayerRecord half = Records.array("A", "conv", 576, 25, 10, 784, 5760, GEMMINI,
                Optional.of(new LayerRecord.Measurement(1125, 144_000, 0, 0)));
        LayerRecord eighth = Records.array("B", "conv", 576, 25, 10, 784, 5760, GEMMINI,
                Optional.of(new LayerRecord.Measurement(4500, 144_000, 0, 0)));
        List<LayerRecord> layers = List.of(half, eighth, Records.host("MaxPool_1", "MaxPool", 5760, 1440, GEMMINI));
        assertEquals(0.5, half.fractionOfBound().getAsDouble(), 1e-12);
        assertEquals(0.25, LayerRecord.geomeanFractionOfBound(layers).getAsDouble(), 1e-12); // sqrt(0.5 x 0.125)
        assertEquals("fraction of bound:   0.250 geomean over 2 NPU layers (ideal cycles max(MACs / PEs, bytes / "
                + "bandwidth) over simulated cycles)\n", TextReports.boundSummary(layers).replace(System.lineSeparator(), "\n"));
        assertEquals(OptionalDouble.empty(), LayerRecord.geomeanFractionOfBound(layers.subList(2, 3)));
        assertEquals("", TextReports.boundSummary(layers.subList(2, 3)));
    }

    @Test
    void numbersArePlainAndKeepCycleDecimals() {
        assertEquals("1234567.125", Numbers.plain(1_234_567.125));
        assertEquals("0.833333", Numbers.plain(500.0 / 600));
        assertEquals("0", Numbers.plain(0));
        assertEquals("0.0000123457", Numbers.plain(1.234567e-5));
        assertEquals("", Numbers.plain(OptionalDouble.empty()));
        assertThrows(IllegalArgumentException.class, () -> Numbers.plain(Double.NaN));
    }

    @Test
    void aHostLayerCannotCarryAMeasurement() {
        LayerRecord pool = Records.host("MaxPool_1", "MaxPool", 5760, 1440, GEMMINI);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LayerRecord(pool.layer(),
                pool.placement(), pool.op(), pool.kind(), pool.nodes(), pool.shape(), 0, 0, 1, 1, 1, 0, 0, GEMMINI,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(new LayerRecord.Measurement(10, 0, 0, 0))));
        assertEquals("host layer MaxPool_1 has no NPU mapping or measurement", e.getMessage());
    }
}
