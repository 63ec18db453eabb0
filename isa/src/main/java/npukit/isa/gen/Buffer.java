package npukit.isa.gen;

import npukit.isa.MemorySpace;

/**
 * A fixed block of scratchpad or accumulator rows the random generator hands between units as a
 * whole. A parameter buffer holds one QUANT register set (four accumulator rows) and is written only
 * by LOADs of valid register sets.
 *
 * @param id     index in the generator's buffer list
 * @param mem    which memory
 * @param row    first row
 * @param rows   number of rows
 * @param params whether it holds QUANT registers
 */
record Buffer(int id, MemorySpace mem, long row, long rows, boolean params) {

    Buffer {
        if (id < 0 || row < 0 || rows < 1) {
            throw new IllegalArgumentException("buffer " + id + " at " + mem + " row " + row + " of " + rows
                    + " rows: needs id, row >= 0 and rows >= 1");
        }
        if (params && (mem != MemorySpace.ACC || rows != 4)) {
            throw new IllegalArgumentException("buffer " + id + ": a parameter buffer is four accumulator rows");
        }
    }
}
