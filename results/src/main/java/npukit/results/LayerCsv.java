package npukit.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.RooflinePoint;
import npukit.arch.energy.EnergyBreakdown;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The per-layer CSV of a run, one row per layer. Column names are stable (scripts key on them) and end
 * in their unit: {@code _bytes}, {@code _cycles} / {@code cycles_}, {@code _macs_per_byte},
 * {@code _macs_per_cycle}, {@code _pj}; {@code macs} and {@code parameters} are counts, {@code utilisation} a
 * fraction 0..1, as is {@code fraction_of_bound}: roofline_cycles over cycles_simulated. A figure that does
 * not apply (a host node's bound, an unmeasured layer's cycles) is an
 * empty cell, never 0, so it cannot be mistaken for a measurement.
 */
public final class LayerCsv {

    /** The header, in column order. */
    public static final List<String> COLUMNS = List.of("layer", "op", "kind", "m", "k", "n", "parameters", "macs",
            "element_bytes", "input_bytes", "output_bytes", "weight_bytes", "bias_bytes", "hbm_min_bytes",
            "intensity_macs_per_byte", "bound", "roofline_cycles", "attainable_macs_per_cycle", "cycles_predicted",
            "cycles_simulated", "attained_macs_per_cycle", "utilisation", "fraction_of_bound", "hbm_read_bytes",
            "hbm_written_bytes", "energy_pj", "energy_mac_pj", "energy_register_pj", "energy_array_pj",
            "energy_scratchpad_pj", "energy_accumulator_pj", "energy_hbm_pj", "energy_instruction_pj",
            "energy_static_pj", "tops_per_w");

    private LayerCsv() {
    }

    /** The CSV text, header first, lines ending in {@code \n}. */
    public static String write(List<LayerRecord> layers) {
        StringBuilder sb = new StringBuilder();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).setRecordSeparator("\n").build();
        try (CSVPrinter printer = new CSVPrinter(sb, format)) {
            for (LayerRecord r : layers) {
                printer.printRecord(row(r));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the layer CSV: " + e.getMessage(), e);
        }
        return sb.toString();
    }

    /** One line of cells, quoted where needed, ending in a newline. */
    static String line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(sb, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    static List<String> row(LayerRecord r) {
        Optional<LayerRecord.Shape> s = r.shape();
        Optional<RooflinePoint> b = r.bound();
        Optional<LayerRecord.Measurement> m = r.measured();
        List<String> row = new ArrayList<>(COLUMNS.size());
        row.add(r.layer());
        row.add(r.op());
        row.add(r.kind());
        row.add(s.map(x -> Integer.toString(x.m())).orElse(""));
        row.add(s.map(x -> Integer.toString(x.k())).orElse(""));
        row.add(s.map(x -> Integer.toString(x.n())).orElse(""));
        row.add(Long.toString(r.parameters()));
        row.add(Long.toString(r.macs()));
        row.add(Integer.toString(r.elementBytes()));
        row.add(Long.toString(r.inputBytes()));
        row.add(Long.toString(r.outputBytes()));
        row.add(Long.toString(r.weightBytes()));
        row.add(Long.toString(r.biasBytes()));
        row.add(Long.toString(r.hbmMinBytes()));
        row.add(b.map(x -> Numbers.plain(x.intensityMacsPerByte())).orElse(""));
        row.add(b.map(x -> x.bound().text()).orElse(""));
        row.add(b.map(x -> Numbers.plain(x.lowerBoundCycles())).orElse(""));
        row.add(b.map(x -> Numbers.plain(x.attainableMacsPerCycle())).orElse(""));
        row.add(r.mapping().map(x -> Long.toString(x.predictedCycles())).orElse(""));
        row.add(m.map(x -> Long.toString(x.simulatedCycles())).orElse(""));
        row.add(Numbers.plain(r.attainedMacsPerCycle()));
        row.add(Numbers.plain(r.utilisation()));
        row.add(Numbers.plain(r.fractionOfBound()));
        row.add(m.map(x -> Long.toString(x.hbmReadBytes())).orElse(""));
        row.add(m.map(x -> Long.toString(x.hbmWrittenBytes())).orElse(""));
        energyCells(m, row);
        return row;
    }

    /** Total and per-component energy in pJ and TOPS/W, or empty cells for a layer without energy figures. */
    private static void energyCells(Optional<LayerRecord.Measurement> m, List<String> row) {
        Optional<EnergyBreakdown> e = m.flatMap(LayerRecord.Measurement::energy);
        row.add(e.map(x -> Numbers.plain(x.totalPj())).orElse(""));
        for (String c : EnergyBreakdown.COMPONENTS) {
            row.add(e.map(x -> Numbers.plain(x.byComponent().get(c))).orElse(""));
        }
        row.add(e.isPresent() && e.get().totalPj() > 0 ? Numbers.plain(e.get().topsPerWatt(m.get().macs())) : "");
    }
}
