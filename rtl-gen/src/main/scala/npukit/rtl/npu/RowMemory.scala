package npukit.rtl.npu

import chisel3._
import chisel3.util._
import npukit.rtl.mem.{SramReadPort, SramWritePort}

/** An on-chip memory of byte rows (the scratchpad or the accumulator memory) with one port per user
  * (microarchitecture.md, "Memories"), so no access ever waits. Reads are asynchronous; writes are
  * byte-masked and take effect at the end of the cycle. Program validation keeps every address
  * inside the memory, so only the bits that index its rows are used.
  */
object RowMemory {
  def apply(rows: Int, rowBytes: Int, readers: Seq[SramReadPort], writers: Seq[SramWritePort]): Unit = {
    val mem = Mem(rows, Vec(rowBytes, UInt(8.W)))
    val indexBits = log2Ceil(rows)
    def index(addr: UInt): UInt = if (indexBits == 0) 0.U else addr(indexBits - 1, 0)
    for (r <- readers) {
      r.data := mem.read(index(r.addr)).asUInt
    }
    for (w <- writers) {
      when(w.en) {
        mem.write(index(w.addr), w.data.asTypeOf(Vec(rowBytes, UInt(8.W))), w.mask.asBools)
      }
    }
  }
}
