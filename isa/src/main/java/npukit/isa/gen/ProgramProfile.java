package npukit.isa.gen;

import java.util.List;
import npukit.isa.Instruction;
import npukit.isa.Program;

/**
 * What a program exercises, read from its instructions: multiply-accumulates of its GEMMs, bytes its
 * LOADs read from and its STOREs write to HBM, and rows through the quantization unit and the vector
 * ALU. A verification run prints it per program, so a program that never reaches a unit shows.
 *
 * @param gemms      GEMM instructions
 * @param macs       sum of m x k x n over the GEMMs
 * @param loadBytes  sum of rows x bytes over the LOADs
 * @param storeBytes sum of rows x bytes over the STOREs
 * @param quantRows  rows quantized
 * @param valuRows   rows through the vector ALU
 */
public record ProgramProfile(long gemms, long macs, long loadBytes, long storeBytes, long quantRows, long valuRows) {

    public static ProgramProfile of(Program program) {
        return of(program.instructions());
    }

    public static ProgramProfile of(List<Instruction> instructions) {
        long gemms = 0;
        long macs = 0;
        long load = 0;
        long store = 0;
        long quant = 0;
        long valu = 0;
        for (Instruction ins : instructions) {
            if (ins instanceof Instruction.Gemm g) {
                gemms++;
                macs += g.m() * g.k() * g.n();
            } else if (ins instanceof Instruction.Load l) {
                load += l.rows() * l.bytes();
            } else if (ins instanceof Instruction.Store s) {
                store += s.rows() * s.bytes();
            } else if (ins instanceof Instruction.Quant q) {
                quant += q.rows();
            } else if (ins instanceof Instruction.Valu v) {
                valu += v.rows();
            }
        }
        return new ProgramProfile(gemms, macs, load, store, quant, valu);
    }

    /** Whether the program reaches the array, the quantization unit, the vector ALU and both DMA directions. */
    public boolean exercisesEveryUnit() {
        return macs > 0 && quantRows > 0 && valuRows > 0 && loadBytes > 0 && storeBytes > 0;
    }

    /** One line: {@code 4096 MACs in 1 GEMM, 2816 B loaded, 1280 B stored, 16 QUANT rows, 18 VALU rows}. */
    public String summary() {
        return macs + " MACs in " + gemms + (gemms == 1 ? " GEMM, " : " GEMMs, ") + loadBytes + " B loaded, " + storeBytes
                + " B stored, " + quantRows + " QUANT rows, " + valuRows + " VALU rows";
    }
}
