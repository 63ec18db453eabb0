package npukit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The harness itself: clocking, reset, masking and sign extension, on a small hand-written module. */
class RtlModelTest {

    private static final String ACCUMULATOR = """
            module HarnessProbe(
              input         clock,
              input         reset,
              input         en,
              input  [11:0] delta,
              output [11:0] total,
              output [63:0] wide,
              input  [99:0] bus_in,
              output [99:0] bus_out
            );
              reg [11:0] acc;
              always @(posedge clock)
                if (reset) acc <= 12'd0;
                else if (en) acc <= acc + delta;
              assign total = acc;
              assign wide = {52'hFFFFFFFFFFFFF, acc};
              assign bus_out = ~bus_in;
            endmodule
            """;

    @Test
    void stepsResetsMasksAndSignExtends() {
        RtlModel m = RtlModel.load(VerilatorBuild.atDefaultCache(), ACCUMULATOR, "HarnessProbe");
        int en = m.port("en");
        int delta = m.port("delta");
        int total = m.port("total");
        m.reset(2);
        assertEquals(0, m.peek(total));
        m.poke(en, 1);
        m.poke(delta, 0x1FFF); // masked to 12 bits: 0xFFF, i.e. -1
        m.step(1);
        assertEquals(0xFFF, m.peek(total));
        assertEquals(-1, m.peekSigned(total));
        m.poke(delta, 3);
        m.step(2);
        assertEquals(5, m.peek(total));
        m.poke(en, 0);
        m.step(5);
        assertEquals(5, m.peek(total));
        assertEquals(0xFFFFFFFFFFFFF005L, m.peek(m.port("wide")));
        m.reset(1);
        assertEquals(0, m.peek(total));
    }

    @Test
    void widePortsMoveWholeWords() {
        RtlModel m = RtlModel.load(VerilatorBuild.atDefaultCache(), ACCUMULATOR, "HarnessProbe");
        int in = m.port("bus_in");
        int out = m.port("bus_out");
        byte[] value = new byte[13];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (0x11 * (i + 1));
        }
        m.pokeBytes(in, value, 0, value.length);
        m.step(1);
        byte[] back = m.peekBytes(out);
        assertEquals(13, back.length);
        for (int i = 0; i < 12; i++) {
            assertEquals((byte) ~value[i], back[i], "byte " + i);
        }
        // Only the low 4 bits of the top byte are port bits.
        assertEquals((byte) (~value[12] & 0x0F), back[12]);
        assertEquals(100, m.width(in));
        // JavaCPP turns the C++ exception into a RuntimeException carrying its text.
        RuntimeException e = assertThrows(RuntimeException.class, () -> m.peekWord(out, 4));
        assertTrue(e.getMessage().contains("no word 4"), e.getMessage());
        // Narrow ports reached by words.
        m.pokeWord(m.port("delta"), 0, 7);
        assertEquals(7, m.peekWord(m.port("delta"), 0));
        assertEquals(0xFFFFFFFF, m.peekWord(m.port("wide"), 1));
    }

    @Test
    void unknownPortIsNamed() {
        RtlModel m = RtlModel.load(VerilatorBuild.atDefaultCache(), ACCUMULATOR, "HarnessProbe");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.port("nope"));
        assertEquals(true, e.getMessage().contains("'nope'"));
    }

    @Test
    void badVerilogReportsTheToolOutput() {
        RtlBuildException e = assertThrows(RtlBuildException.class,
                () -> RtlModel.load(VerilatorBuild.atDefaultCache(), "module Broken(input clock; endmodule", "Broken"));
        assertEquals(true, e.getMessage().contains("verilator"), e.getMessage());
    }
}
