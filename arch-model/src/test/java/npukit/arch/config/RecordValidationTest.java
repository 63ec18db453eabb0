package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import npukit.arch.numerics.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RecordValidationTest {

    private static void assertRejected(String expectedMessage, Executable construct) {
        ConfigException e = assertThrows(ConfigException.class, construct);
        assertEquals(expectedMessage, e.getMessage());
    }

    @Test
    void arrayDerivedValues() {
        ArrayConfig a = new ArrayConfig(12, 14, Dataflow.WS, 8, 32, PeType.LINEAR);
        assertEquals(168, a.peCount());
        assertEquals("12x14", a.shape());
    }

    @Test
    void arrayRanges() {
        assertRejected("rows = 0: must be between 1 and 1024",
                () -> new ArrayConfig(0, 16, Dataflow.WS, 8, 32, PeType.LINEAR));
        assertRejected("cols = 1025: must be between 1 and 1024",
                () -> new ArrayConfig(16, 1025, Dataflow.WS, 8, 32, PeType.LINEAR));
        assertRejected("dataflow = null: is required",
                () -> new ArrayConfig(16, 16, null, 8, 32, PeType.LINEAR));
        assertRejected("operand-bits = 17: must be between 2 and 16",
                () -> new ArrayConfig(16, 16, Dataflow.WS, 17, 32, PeType.LINEAR));
        assertRejected("accumulator-bits = 33: must be between 8 and 32",
                () -> new ArrayConfig(16, 16, Dataflow.WS, 8, 33, PeType.LINEAR));
        assertRejected("accumulator-bits = 24: must be at least 2 x operand-bits = 32, since a single product"
                        + " of two operands already needs that many bits",
                () -> new ArrayConfig(16, 16, Dataflow.WS, 16, 24, PeType.LINEAR));
        assertRejected("pe = null: is required", () -> new ArrayConfig(16, 16, Dataflow.WS, 8, 32, null));
    }

    @Test
    void sramRangesAndWholeWords() {
        SramConfig s = new SramConfig(256, 64, 4, 16);
        assertEquals(262144L, s.scratchpadBytes());
        assertEquals(65536L, s.accumulatorBytes());
        assertRejected("scratchpad-kib = 0: must be between 1 and 1048576", () -> new SramConfig(0, 64, 4, 16));
        assertRejected("accumulator-kib = 1048577: must be between 1 and 1048576",
                () -> new SramConfig(256, 1048577, 4, 16));
        assertRejected("banks = 3: must be a power of two between 1 and 64", () -> new SramConfig(256, 64, 3, 16));
        assertRejected("banks = 128: must be between 1 and 64", () -> new SramConfig(256, 64, 128, 16));
        assertRejected("bank-port-bytes = 24: must be a power of two between 1 and 1024",
                () -> new SramConfig(256, 64, 4, 24));
        assertRejected("accumulator-kib = 1: must split into 4 banks of whole 1024-byte words: the size in bytes"
                        + " must be a multiple of banks x bank-port-bytes = 4096",
                () -> new SramConfig(256, 1, 4, 1024));
    }

    @Test
    void hbmRangesAndDerivedValues() {
        HbmConfig h = new HbmConfig(8, 16, 32, 64, 2048, 14, 42, 256, 4096);
        assertEquals(256L, h.peakBytesPerCycle());
        assertEquals(4096L << 20, h.capacityBytes());
        assertEquals(16384L, h.rowsPerBank());
        assertRejected("channels = 6: must be a power of two between 1 and 64",
                () -> new HbmConfig(6, 16, 32, 64, 2048, 14, 42, 256, 4096));
        assertRejected("banks-per-channel = 0: must be between 1 and 64",
                () -> new HbmConfig(8, 0, 32, 64, 2048, 14, 42, 256, 4096));
        assertRejected("bytes-per-cycle-per-channel = 2048: must be between 1 and 1024",
                () -> new HbmConfig(8, 16, 2048, 64, 2048, 14, 42, 256, 4096));
        assertRejected("row-bytes = 131072: must be between 1 and 65536",
                () -> new HbmConfig(8, 16, 32, 64, 131072, 14, 42, 256, 4096));
        assertRejected("burst-bytes = 16: must be between 32 and 2048",
                () -> new HbmConfig(8, 16, 32, 16, 2048, 14, 42, 256, 4096));
        assertRejected("burst-bytes = 96: must be a power of two between 32 and 2048",
                () -> new HbmConfig(8, 16, 32, 96, 2048, 14, 42, 256, 4096));
        assertRejected("row-hit-cycles = 0: must be between 1 and 1000",
                () -> new HbmConfig(8, 16, 32, 64, 2048, 0, 42, 256, 4096));
        assertRejected("row-miss-cycles = 10: must be between 14 and 10000",
                () -> new HbmConfig(8, 16, 32, 64, 2048, 14, 10, 256, 4096));
        assertRejected("interleave-bytes = 32: must be between 64 and 2048",
                () -> new HbmConfig(8, 16, 32, 64, 2048, 14, 42, 32, 4096));
        assertRejected("interleave-bytes = 4096: must be between 64 and 2048",
                () -> new HbmConfig(8, 16, 32, 64, 2048, 14, 42, 4096, 4096));
        assertRejected("capacity-mib = 0: must be between 1 and 1048576",
                () -> new HbmConfig(8, 16, 32, 64, 2048, 14, 42, 256, 0));
        assertRejected("capacity-mib = 1: must give every bank a whole number of rows: a multiple of channels"
                        + " x banks-per-channel x row-bytes = 16777216 bytes",
                () -> new HbmConfig(64, 64, 32, 64, 4096, 14, 42, 256, 1));
    }

    @Test
    void clock() {
        assertEquals(2.0, new ClockConfig(500).periodNs(), 1e-12);
        assertRejected("frequency-mhz = 0.0: must be a finite number above 0 and at most 10000",
                () -> new ClockConfig(0));
        assertRejected("frequency-mhz = NaN: must be a finite number above 0 and at most 10000",
                () -> new ClockConfig(Double.NaN));
        assertRejected("frequency-mhz = 10000.5: must be a finite number above 0 and at most 10000",
                () -> new ClockConfig(10000.5));
    }

    private static ChipConfig chip(String name, ArrayConfig array, QuantConfig quant, SramConfig sram) {
        ChipConfig g = ChipPresets.gemmini();
        return new ChipConfig(name, "", array, sram, g.hbm(), quant, g.clock());
    }

    @Test
    void chipNameAndNulls() {
        ChipConfig g = ChipPresets.gemmini();
        assertRejected("name = Gemmini: must be 1 to 64 characters of a-z, 0-9 and '-', not starting with '-'",
                () -> chip("Gemmini", g.array(), g.quant(), g.sram()));
        assertRejected("name = -x: must be 1 to 64 characters of a-z, 0-9 and '-', not starting with '-'",
                () -> chip("-x", g.array(), g.quant(), g.sram()));
        String longName = "a".repeat(65);
        assertRejected("name = " + longName + ": must be 1 to 64 characters of a-z, 0-9 and '-', not starting with '-'",
                () -> chip(longName, g.array(), g.quant(), g.sram()));
        assertRejected("description = null: is required",
                () -> new ChipConfig("x", null, g.array(), g.sram(), g.hbm(), g.quant(), g.clock()));
        assertRejected("hbm = null: is required",
                () -> new ChipConfig("x", "", g.array(), g.sram(), null, g.quant(), g.clock()));
    }

    @Test
    void chipCrossFieldChecks() {
        ChipConfig g = ChipPresets.gemmini();
        ArrayConfig narrow = new ArrayConfig(16, 16, Dataflow.WS, 4, 32, PeType.LINEAR);
        assertRejected("quant.weight-bits = 8: must be at most array.operand-bits = 4, since weights enter the array",
                () -> chip("x", narrow, g.quant(), g.sram()));
        QuantConfig wideActivations = new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_EVEN,
                RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true, 8, 16, 32, 16, 1);
        assertRejected("quant.activation-bits = 16: must be at most array.operand-bits = 8, since activations are"
                        + " the next layer's array inputs",
                () -> chip("x", g.array(), wideActivations, g.sram()));
        ArrayConfig log = new ArrayConfig(16, 16, Dataflow.WS, 8, 32, PeType.LOG);
        assertRejected("array.pe = log: a log PE multiplies by shifting, so weights must be whole base-2 exponents:"
                        + " needs quant.scheme = logarithmic and quant.log-steps-per-octave = 1 (got logarithmic, 16)",
                () -> chip("x", log, QuantConfig.nnieLog(), g.sram()));
        QuantConfig wholeOctaves = new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_EVEN,
                RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true, 8, 8, 32, 1, 1);
        assertEquals(PeType.LOG, chip("x", log, wholeOctaves, g.sram()).array().pe());
        ArrayConfig wide = new ArrayConfig(1024, 1024, Dataflow.OS, 8, 32, PeType.LINEAR);
        assertRejected("sram.accumulator-kib = 1: must hold at least 16 rows of accumulators of array.cols x 4 bytes"
                        + " = 65536 bytes",
                () -> chip("x", wide, g.quant(), new SramConfig(256, 1, 1, 16)));
        // Each memory's rows as the instruction set lays them out: a 16-bit operand takes two bytes, an
        // accumulator four bytes whatever its width, so a config that leaves no room for them is refused
        // up front rather than failing in whichever tool first lays out the memory.
        ArrayConfig wide16 = new ArrayConfig(1024, 1024, Dataflow.OS, 16, 32, PeType.LINEAR);
        assertRejected("sram.scratchpad-kib = 1: must hold at least 16 scratchpad rows of max(array.rows, array.cols)"
                        + " x 2 bytes = 32768 bytes",
                () -> chip("x", wide16, g.quant(), new SramConfig(1, 16384, 1, 16)));
        ArrayConfig narrowAcc = new ArrayConfig(16, 64, Dataflow.WS, 4, 8, PeType.LINEAR);
        assertRejected("sram.accumulator-kib = 1: must hold at least 16 rows of accumulators of array.cols x 4 bytes"
                        + " = 4096 bytes",
                () -> chip("x", narrowAcc, new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_EVEN,
                        RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true, 4, 4, 32, 1, 1),
                        new SramConfig(16, 1, 1, 16)));
    }

    @Test
    void chipDerivedRates() {
        ChipConfig t = ChipPresets.tpuV1();
        assertEquals(256.0 * 256 * 700e6, t.peakMacsPerSecond(), 1);
        assertEquals(32 * 0.7, t.peakHbmGBps(), 1e-9);
    }
}
