package npukit.rtl.compute

import chisel3._
import chisel3.util._
import npukit.rtl.mem.{SramReadPort, SramWritePort}

/** Writes one result row of the array to the accumulator memory, the last step of every GEMM
  * dataflow. With `accumulate` the row's old value is read through the acc read port in the same
  * cycle (the memory reads asynchronously) and the sum, modulo 2^A, is written back. Only elements
  * 0 .. width-1 are written; the byte mask leaves the rest of the row unchanged.
  */
object ResultWriter {
  def apply(layout: ComputeLayout, read: SramReadPort, write: SramWritePort)(
      en: Bool, addr: UInt, result: Seq[UInt], width: UInt, accumulate: Bool): Unit = {
    val cols = result.length
    read.en := en && accumulate
    read.addr := addr
    val sums = result.zipWithIndex.map { case (r, j) =>
      Mux(accumulate, layout.accValue(read.data, j).asUInt + r, r)
    }
    write.en := en
    write.addr := addr
    write.data := layout.packAcc(sums)
    write.mask := Cat((0 until cols).reverse.map(j => Fill(4, j.U < width)))
  }
}
