package npukit.sim;

import npukit.arch.config.Dataflow;
import npukit.arch.numerics.PeMultiplier;
import npukit.isa.Geometry;
import npukit.isa.Instruction;

/**
 * How the chip's dataflow runs a GEMM: its cost, and (in functional mode) its arithmetic on the
 * memories. WS and IS are one mechanism ({@link StationaryDataflow}); OS is the other.
 */
interface GemmDataflow {

    ComputeCost cost(Instruction.Gemm g);

    /** Reads the operands from sp, writes the result rows of acc. */
    void execute(Instruction.Gemm g, Sram sram);

    static GemmDataflow of(Geometry geometry) {
        PeMultiplier pe = PeMultiplier.of(geometry.pe());
        return switch (geometry.dataflow()) {
            case WS -> new StationaryDataflow(geometry, pe, Dataflow.WS);
            case IS -> new StationaryDataflow(geometry, pe, Dataflow.IS);
            case OS -> new OutputStationaryDataflow(geometry, pe);
        };
    }
}
