package npukit.sim;

import npukit.arch.config.ComputeTiming;
import npukit.isa.Instruction;

/**
 * What one compute instruction costs, fixed by its fields alone (microarchitecture.md, "Compute unit"
 * and the row access table), so timing-only and functional runs count the same.
 */
record ComputeCost(long duration, long spReads, long spWrites, long accReads, long accWrites, long macs) {

    /** A GEMM's cost is its dataflow's; a QUANT's and a VALU's follow from their rows. */
    static ComputeCost of(Instruction ins, GemmDataflow dataflow, ComputeTiming timing) {
        if (ins instanceof Instruction.Gemm g) {
            return dataflow.cost(g);
        }
        if (ins instanceof Instruction.Quant q) {
            return new ComputeCost(timing.quant(q.rows()), 0, q.rows(), ComputeTiming.QUANT_PARAM_ROWS + q.rows(), 0, 0);
        }
        if (ins instanceof Instruction.Valu v) {
            long reads = v.rows() * (v.useImm() ? 1 : 2);
            long writes = v.op().writesRows() ? v.rows() : 0;
            long d = timing.valu(v.rows());
            return switch (v.mem()) {
                case SP -> new ComputeCost(d, reads, writes, 0, 0, 0);
                case ACC -> new ComputeCost(d, 0, 0, reads, writes, 0);
            };
        }
        throw new IllegalArgumentException(ins.opcode() + " is not a compute instruction");
    }
}
