package npukit.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.arch.energy.EnergyBreakdown;
import org.junit.jupiter.api.Test;

/** Sweep rows carry energy, power and TOPS/W; they survive the results file; the report plots them. */
class SweepEnergyTest {

    private static SweepRow row(int point, int size, long cycles, double hbmPj) {
        SweepRow.ChipSummary chip = new SweepRow.ChipSummary("c" + point, "00000000000000" + point + "0", size, size, "ws",
                500, 16, new SweepRow.Area(1000L * size * size, 2000, size * size, 12));
        EnergyBreakdown e = new EnergyBreakdown(1000, 200, 300, 400, 500, hbmPj, 20, 0);
        return new SweepRow(point, "w", chip, Map.of("array.rows", Integer.toString(size)),
                Optional.of(new WorkloadMetrics(cycles, 5000, 64, 32, 1, Optional.empty(), e)), Optional.empty());
    }

    @Test
    void energyPowerAndTopsPerWattPerPointRoundTripThroughTheResultsFile() {
        SweepRow r = row(0, 8, 2000, 7580);
        // 10,000 pJ over 2000 cycles of 2 ns: 2.5 mW; 2 x 5000 ops / 10,000 pJ = 1 TOPS/W.
        assertEquals(0.01, r.energyMicrojoules().orElseThrow(), 1e-12);
        assertEquals(2.5, r.powerMw().orElseThrow(), 1e-12);
        assertEquals(1.0, r.topsPerWatt().orElseThrow(), 1e-12);

        String text = SweepCsv.headerLine(List.of("array.rows")) + SweepCsv.line(r);
        List<String> header = List.of(text.split("\n")[0].split(","));
        List<String> cells = List.of(text.split("\n")[1].split(",", -1));
        assertEquals("0.01", cells.get(header.indexOf("energy_uj")));
        assertEquals("2.5", cells.get(header.indexOf("power_mw")));
        assertEquals("1", cells.get(header.indexOf("tops_per_w")));
        assertEquals("7580", cells.get(header.indexOf("energy_hbm_pj")));
        SweepRow back = SweepCsv.read(text, "t.csv").rows().get(0);
        assertEquals(r.metrics().orElseThrow().energy(), back.metrics().orElseThrow().energy());

        SweepRow failed = new SweepRow(1, "w", r.chip(), r.fields(), Optional.empty(), Optional.of("too small"));
        List<String> failedCells = List.of(SweepCsv.line(failed).trim().split(",", -1));
        assertEquals("", failedCells.get(header.indexOf("energy_uj")), "a failed point has no energy");
    }

    @Test
    void theParetoFrontKeepsThePointsNoOtherBeatsOnLatencyAndEnergy() {
        // Latency falls with cycles; energy rises with HBM pJ. p0 slow and frugal, p1 fast and costly,
        // p2 beaten by p3 on both, p3 in between.
        List<SweepRow> rows = List.of(row(0, 8, 4000, 1000), row(1, 32, 1000, 90_000), row(2, 16, 3000, 60_000),
                row(3, 16, 2000, 20_000));
        List<Integer> front = new ArrayList<>();
        EnergyPlots.front(rows).forEach(r -> front.add(r.point()));
        assertEquals(List.of(1, 3, 0), front);
    }

    @Test
    void theAreaFrontKeepsThePointsNoOtherBeatsOnLatencyEnergyAndArea() {
        // p0 small, slow, frugal; p1 big and fast; p2 (16x16) beaten by p3 (16x16) on latency and energy at
        // equal area; p4 (32x32) as fast as p1 at the same area but costlier: dominated.
        List<SweepRow> rows = List.of(row(0, 8, 4000, 1000), row(1, 32, 1000, 90_000), row(2, 16, 3000, 60_000),
                row(3, 16, 2000, 20_000), row(4, 32, 1000, 95_000));
        List<Integer> front = new ArrayList<>();
        AreaPlots.front(rows).forEach(r -> front.add(r.point()));
        assertEquals(List.of(0, 3, 1), front);
        SweepRow back = SweepCsv.read(SweepCsv.headerLine(List.of("array.rows")) + SweepCsv.line(rows.get(3)), "t.csv")
                .rows().get(0);
        assertEquals(new SweepRow.Area(256_000, 2000, 256, 12), back.chip().area());
    }

    @Test
    void theReportDrawsTheEnergyBreakdownAndTheLatencyEnergyFront() {
        List<SweepRow> rows = List.of(row(0, 8, 4000, 1000), row(1, 32, 1000, 90_000), row(2, 16, 3000, 60_000));
        String html = SweepReport.html("energy", new SweepCsv.Parsed(List.of("array.rows"), rows), List.of());
        assertTrue(html.contains("alt=\"w: energy per inference by component\""), html);
        assertTrue(html.contains("alt=\"w: latency against energy\""), html);
        assertTrue(html.contains("alt=\"w: latency, energy and area\""), html);
        assertEquals(4, SweepReport.plots(html),
                "latency against size, energy by component, latency against energy, latency against area");
    }
}
