package npukit.testbench.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import npukit.sim.fpga.BlockRams;
import npukit.sim.fpga.FpgaFamily;
import org.junit.jupiter.api.Test;

/** The parts of `npu rtl synth` that need no Yosys: memory parsing, block RAM packing, stat parsing, the cache text. */
class SynthCountingTest {

    static final String MEMORY_MODULE = """
            module mem_512x16(
              input  [8:0]  R0_addr,
              input         R0_en,
              output [15:0] R0_data,
              input  [8:0]  R1_addr,
              output [15:0] R1_data,
              input  [8:0]  W0_addr,
              input  [15:0] W0_data,
              input  [1:0]  W0_mask,
              input  [8:0]  W1_addr,
              input  [15:0] W1_data,
              input  [1:0]  W1_mask
            );
              reg [15:0] Memory[0:511];
            endmodule

            module ram_8x154(
              input  [2:0]   R0_addr,
              output [153:0] R0_data,
              input  [2:0]   W0_addr,
              input  [153:0] W0_data
            );
              reg [153:0] Memory[0:7];
            endmodule

            module Npu(
              input clock
            );
              mem_512x16 mem (.R0_addr(a), .W1_addr(b));
            endmodule
            """;

    @Test
    void memoryModulesAreFoundWithTheirDimensionsAndPorts() {
        List<RtlMemory> mems = RtlMemory.parse(MEMORY_MODULE);
        assertEquals(List.of(new RtlMemory("mem_512x16", 512, 16, 2, 2, true),
                new RtlMemory("ram_8x154", 8, 154, 1, 1, false)), mems);
        assertEquals(List.of(true, false), mems.stream().map(RtlMemory::counted).toList());
    }

    @Test
    void blockRamsPackIntoTheCheapestModeAndReplicatePerReadAndWritePort() {
        // 512 x 16 byte-masked: one BRAM18 in 512x36 (32 data bits of 8-bit bytes); 2 SB_RAM40_4K of 256x16.
        assertEquals(1, BlockRams.perCopy(FpgaFamily.XC7, 512, 16, true));
        assertEquals(2, BlockRams.perCopy(FpgaFamily.ICE40, 512, 16, true));
        // 36 bits unmasked fill a 512x36 BRAM18, but byte-masked 36 bits need two (32 data bits each).
        assertEquals(1, BlockRams.perCopy(FpgaFamily.XC7, 512, 36, false));
        assertEquals(2, BlockRams.perCopy(FpgaFamily.XC7, 512, 36, true));
        // gemmini's scratchpad: 16384 rows x 128 bits = 2 Mbit, 114 BRAM18 at least; 16K deep packs as 1-bit wide.
        assertEquals(128, BlockRams.perCopy(FpgaFamily.XC7, 16384, 128, true));
        assertEquals(512, BlockRams.perCopy(FpgaFamily.ICE40, 16384, 128, true));
        assertEquals(6, BlockRams.copies(3, 2));
        assertEquals(6, new RtlMemory("m", 512, 16, 3, 2, true).blocks(FpgaFamily.XC7));
    }

    static final String STAT = """
            3. Printing statistics.

            === Npu ===

               Number of wires:               4421
               Number of cells:              10957
                 CARRY4                        947
                 DSP48E1                        20
                 FDRE                         2572
                 FDSE                           16
                 INV                           269
                 LUT2                         1599
                 LUT6                         1404
                 MUXF7                         572
                 RAM32M                        161
                 RAMB36E1                        1
                 mem_512x16                      1

               Estimated number of LCs:       4408
            """;

    @Test
    void statCellsAreCountedByKind() {
        Map<String, Long> cells = SynthReport.statCells(STAT);
        assertEquals(11, cells.size());
        Long mem = cells.remove("mem_512x16");
        assertEquals(1L, mem);
        SynthReport r = new SynthReport("tiny", "0123456789abcdef", FpgaFamily.XC7, "Yosys 0.23", cells,
                Map.of(new RtlMemory("mem_512x16", 512, 16, 3, 2, true), 1L), 5);
        assertEquals(269 + 1599 + 1404, r.logicLuts());
        assertEquals(161 * 4, r.lutramLuts());
        assertEquals(2572 + 16, r.ffs());
        assertEquals(20, r.dsps());
        assertEquals(947, r.carry());
        assertEquals(2, r.yosysBrams());
        assertEquals(6, r.memoryBrams());
        assertEquals(r, SynthReport.fromText(r.toText()));
        assertNull(SynthReport.fromText("family vhdl\n"));
    }

    @Test
    void portBitsCarryTheirDirectionAndRangeToTheLinesThatOmitThem() {
        // 9+1+16+9+16 + 9+16+2+9+16+2
        assertEquals(105, VerilogPorts.bits(MEMORY_MODULE, "mem_512x16"));
        assertEquals(3 + 154 + 3 + 154, VerilogPorts.bits(MEMORY_MODULE, "ram_8x154"));
        String pe = """
                module StationaryPe(
                  input         clock,
                                io_load,
                  input  [7:0]  io_stationaryIn,
                                io_streamIn,
                  output [31:0] io_sumOut
                );
                endmodule
                module StationaryArray(
                  input clock
                );
                  StationaryPe pes_0_0 (
                    .clock (clock)
                  );
                endmodule
                """;
        assertEquals(50, VerilogPorts.bits(pe, "StationaryPe"));
        assertEquals("StationaryPe", VerilogPorts.peModule(pe));
    }

    @Test
    void nextpnrsFmaxIsTheLastOneItPrintsTheOneAfterRouting() {
        String report = """
                Info: Device utilisation:
                Info: 	         ICESTORM_LC:   246/ 7680     3%
                Info: 	        ICESTORM_RAM:     0/   32     0%
                Info: 	               SB_IO:    50/  256    19%
                Info: Max frequency for clock 'clock$SB_IO_IN_$glb_clk': 99.10 MHz (PASS at 12.00 MHz)
                Info: Max frequency for clock 'clock$SB_IO_IN_$glb_clk': 101.45 MHz (PASS at 12.00 MHz)
                """;
        assertEquals(new Ice40Placement.Placed(246, 0, 50, 101.45), Ice40Placement.read(report));
    }
}
