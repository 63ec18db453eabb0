package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import npukit.arch.numerics.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad config file gets a message naming the file, the field and the value. */
class ConfigFileErrorTest {

    private static final String GOOD = """
            name: gemmini
            array: {rows: 16, cols: 16, dataflow: ws, operand-bits: 8, accumulator-bits: 32, pe: linear}
            sram: {scratchpad-kib: 256, accumulator-kib: 64, banks: 4, bank-port-bytes: 16}
            hbm: {channels: 8, banks-per-channel: 16, bytes-per-cycle-per-channel: 32, burst-bytes: 64, \
            row-bytes: 2048, row-hit-cycles: 14, row-miss-cycles: 42, interleave-bytes: 256, capacity-mib: 4096}
            quant: {scheme: linear, rounding: half-even, requant: single-rounding, granularity: per-channel, \
            symmetric: false, weight-bits: 8, activation-bits: 8, multiplier-bits: 32, log-steps-per-octave: 16, \
            stochastic-seed: 1}
            clock: {frequency-mhz: 1000}
            """;

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String error(Path f) {
        return assertThrows(ConfigFileException.class, () -> ChipConfigIO.read(f)).getMessage();
    }

    private String errorWith(String from, String to) throws IOException {
        assertTrue(GOOD.contains(from), from);
        return error(file("bad.yaml", GOOD.replace(from, to)));
    }

    @Test
    void theTemplateItselfIsValid() throws IOException {
        ChipConfig c = ChipConfigIO.read(file("good.yaml", GOOD));
        assertEquals("16x16", c.array().shape());
        assertEquals(1000.0, c.clock().frequencyMhz());
    }

    @Test
    void valueOutOfRange() throws IOException {
        Path f = dir.resolve("bad.yaml");
        assertEquals(f + ": array.rows = 0: must be between 1 and 1024", errorWith("rows: 16", "rows: 0"));
        assertEquals(f + ": hbm.row-miss-cycles = 10: must be between 14 and 10000",
                errorWith("row-miss-cycles: 42", "row-miss-cycles: 10"));
        assertEquals(f + ": clock.frequency-mhz = -1.0: must be a finite number above 0 and at most 10000",
                errorWith("frequency-mhz: 1000", "frequency-mhz: -1"));
        assertEquals(f + ": quant.weight-bits = 1: must be between 2 and 16",
                errorWith("weight-bits: 8", "weight-bits: 1"));
        assertEquals(f + ": array.weight-buffers = 3: must be between 1 and 2",
                errorWith("pe: linear}", "pe: linear, weight-buffers: 3}"));
        assertEquals(f + ": array.lookup-table = \"yes\": expected true or false, got a string",
                errorWith("pe: linear}", "pe: linear, lookup-table: \"yes\"}"));
        assertEquals(f + ": array.lookup-table = true: needs operand-bits <= 8 (a table of 2^operand-bits entries),"
                        + " but operand-bits = 12",
                errorWith("operand-bits: 8, accumulator-bits: 32, pe: linear}",
                        "operand-bits: 12, accumulator-bits: 32, pe: linear, lookup-table: true}"));
    }

    @Test
    void crossFieldErrorNamesTheFullPath() throws IOException {
        assertEquals(dir.resolve("bad.yaml") + ": quant.weight-bits = 8: must be at most array.operand-bits = 4,"
                        + " since weights enter the array",
                errorWith("operand-bits: 8", "operand-bits: 4"));
        assertEquals(dir.resolve("bad.yaml") + ": name = Gemmini: must be 1 to 64 characters of a-z, 0-9 and '-',"
                        + " not starting with '-'",
                errorWith("name: gemmini", "name: Gemmini"));
    }

    @Test
    void unknownKeyListsTheAllowedOnes() throws IOException {
        assertEquals(dir.resolve("bad.yaml") + ": array.rowz: unknown field; allowed: rows, cols, dataflow,"
                        + " operand-bits, accumulator-bits, pe, weight-buffers, lookup-table",
                errorWith("rows: 16", "rowz: 16"));
        assertEquals(dir.resolve("bad.yaml") + ": colour: unknown field; allowed: name, description, array, sram,"
                        + " hbm, control, quant, clock, energy",
                errorWith("name: gemmini", "name: gemmini\ncolour: red"));
    }

    @Test
    void missingKeyAndMissingSection() throws IOException {
        assertEquals(dir.resolve("bad.yaml") + ": array.cols: missing", errorWith("cols: 16, ", ""));
        assertEquals(dir.resolve("bad.yaml") + ": clock: missing", errorWith("clock: {frequency-mhz: 1000}", ""));
    }

    @Test
    void wrongTypeNamesTheExpectedType() throws IOException {
        assertEquals(dir.resolve("bad.yaml") + ": array.rows = \"sixteen\": expected an integer, got a string",
                errorWith("rows: 16", "rows: sixteen"));
        assertEquals(dir.resolve("bad.yaml") + ": array.rows = 16.5: expected an integer, got a number with a fraction",
                errorWith("rows: 16", "rows: 16.5"));
        assertEquals(dir.resolve("bad.yaml") + ": quant.symmetric = \"maybe\": expected true or false, got a string",
                errorWith("symmetric: false", "symmetric: maybe"));
        assertEquals(dir.resolve("bad.yaml") + ": sram = 5: expected a mapping of fields, got an integer",
                errorWith("sram: {scratchpad-kib: 256, accumulator-kib: 64, banks: 4, bank-port-bytes: 16}",
                        "sram: 5"));
    }

    @Test
    void badEnumListsTheValidNames() throws IOException {
        assertEquals(dir.resolve("bad.yaml") + ": array.dataflow = rs: must be one of os, ws, is",
                errorWith("dataflow: ws", "dataflow: rs"));
        assertEquals(dir.resolve("bad.yaml") + ": quant.rounding = half-odd: must be one of "
                        + RoundingMode.validNames(),
                errorWith("rounding: half-even", "rounding: half-odd"));
        assertEquals(dir.resolve("bad.yaml") + ": array.pe = cordic: must be one of linear, log",
                errorWith("pe: linear", "pe: cordic"));
    }

    @Test
    void yamlSyntaxErrorGivesLineAndColumn() throws IOException {
        Path f = file("broken.yaml", "name: x\narray: {rows: 1\n  cols: [\n");
        String message = error(f);
        assertTrue(message.startsWith(f + ":3:7: syntax error: "), message);
    }

    @Test
    void jsonSyntaxErrorGivesLineAndColumn() throws IOException {
        Path f = file("broken.json", "{\"name\": \"x\",\n \"array\": {\"rows\": 1,,}}");
        String message = error(f);
        assertTrue(message.startsWith(f + ":2:22: syntax error: "), message);
    }

    @Test
    void duplicateKeyIsASyntaxError() throws IOException {
        String message = errorWith("name: gemmini", "name: gemmini\nname: other");
        assertTrue(message.startsWith(dir.resolve("bad.yaml") + ":2:"), message);
        assertTrue(message.contains("Duplicate field 'name'"), message);
    }

    @Test
    void unknownExtensionNamesTheFileAndTheAllowedOnes() throws IOException {
        Path f = file("chip.toml", GOOD);
        assertEquals(f + ": unknown config file extension; allowed: .yaml, .yml, .json", error(f));
        Path target = dir.resolve("out.txt");
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> ChipConfigIO.write(ChipPresets.gemmini(), target, false));
        assertEquals(target + ": unknown config file extension; allowed: .yaml, .yml, .json", e.getMessage());
    }

    @Test
    void missingAndEmptyFiles() throws IOException {
        Path absent = dir.resolve("absent.yaml");
        assertEquals(absent + ": no such file", error(absent));
        Path empty = file("empty.yaml", "");
        assertEquals(empty + ": the file is empty; expected a mapping of fields", error(empty));
        Path list = file("list.json", "[1, 2]");
        assertEquals(list + ": expected a mapping of fields at the top level, got a list", error(list));
    }
}
