package npukit.rtl.compute

import chisel3._
import chisel3.util._
import npukit.rtl.npu.InstructionFields
import npukit.arch.config.Dataflow
import npukit.isa.Opcode
import npukit.rtl.npu.NpuParams

/** GEMM on a weight- or input-stationary array: one mechanism, a stationary operand and a streamed
  * one. WS keeps B (`b`, k rows of n) and streams A (`a`, m rows of k); IS keeps A^T (`a`, k rows of
  * m) and streams B^T (`b`, n rows of k). Cycles 0..k-1 preload the stationary rows into PE rows
  * 0..k-1 (skipped without `preload`, keeping the previous GEMM's); then s streamed rows are read one
  * a cycle, elements i >= k fed as zero; row r's result is complete R + C - 1 cycles after it was
  * read and is written to acc row c + r in that cycle, the last one in the instruction's last cycle.
  *
  * With two weight buffers the GEMM holds the unit only for its preload and stream (`occupancy`): a
  * preload fills the buffer the latest GEMM did not use, each streamed row carries its buffer through
  * the array, and where each row's result goes travels beside it in a delay line of R + C - 1 stages,
  * so the drain needs nothing from the instruction word and runs on under the next GEMM.
  * `overlapping` tells the unit how long the GEMM holds it and when a preload may start: C - 1 cycles
  * after the last row streamed through that buffer, when the row has passed the last column
  * (microarchitecture.md, "Overlapping GEMMs").
  */
class StationaryGemm(p: NpuParams) extends ComputeEngine(p) {
  require(p.dataflow != Dataflow.OS, "the output-stationary GEMM is OutputStationaryGemm")
  private val overlap = p.timing.overlapsGemms
  /** With two weight buffers: the cycles the GEMM holds the unit, and whether a preload may start now. */
  val overlapping = Option.when(overlap)(IO(new OverlapIO(layout.timeBits)))
  private val ap = ArrayParams(p)
  private val streamedIsB = p.dataflow == Dataflow.IS
  private val array = Module(new StationaryArray(ap, streamedIsB))

  private val f = new InstructionFields(p.format).view(io.word, Opcode.GEMM)
  private val ws = p.dataflow == Dataflow.WS
  private val stationaryBase = if (ws) f("b") else f("a")
  private val streamedBase = if (ws) f("a") else f("b")
  private val streamed = wide(if (ws) f("m") else f("n"))
  private val resultWidth = if (ws) f("n") else f("m")
  private val k = wide(f("k"))
  private val preload = f.flag("preload")

  private val streamStart = Mux(preload, k, 0.U)
  private val drainStart = streamStart + p.timing.gemmFill.U
  io.duration := drainStart + streamed

  private val preloading = io.active && preload && t < k
  private val streaming = within(streamStart, streamed)
  private val port = io.mem.spRead(0)
  port.en := preloading || streaming
  port.addr := Mux(preloading, layout.rowAt(stationaryBase, t), layout.rowAt(streamedBase, t - streamStart))

  private val zero = if (streamedIsB) ap.zeroB else 0.U(p.operandBits.W)
  for (i <- 0 until p.rows) {
    array.io.load(i) := preloading && t === i.U
    array.io.streamed(i) := Mux(streaming && i.U < k, layout.spOperand(port.data, i), zero)
  }
  for (j <- 0 until p.cols) array.io.stationary(j) := layout.spOperand(port.data, j)

  private val accumulate = f.flag("accumulate")
  if (!overlap) {
    ResultWriter(layout, io.mem.accRead(0), io.mem.accWrite)(
      en = within(drainStart, streamed),
      addr = layout.rowAt(f("c"), t - drainStart),
      result = array.io.result,
      width = resultWidth,
      accumulate = accumulate)
  } else {
    val held = streamStart + streamed
    overlapping.get.held := held
    // The buffer the latest GEMM streamed through; this GEMM's is the other one if it preloads.
    val current = RegInit(0.U(1.W))
    val mine = Mux(preload, ~current, current)
    val frontLast = io.active && t === held - 1.U
    when(frontLast) { current := mine }
    array.io.loadBuffer.get := mine
    array.io.buffer.get := mine

    // Cycles until a preload may overwrite each buffer, counting down from its last streamed row.
    val drainLeft = RegInit(VecInit(Seq.fill(2)(0.U(log2Ceil(p.cols + 1).W))))
    for (b <- 0 until 2) {
      when(frontLast && mine === b.U) {
        drainLeft(b) := math.max(p.cols - 2, 0).U
      }.elsewhen(drainLeft(b) =/= 0.U) {
        drainLeft(b) := drainLeft(b) - 1.U
      }
    }
    overlapping.get.otherBufferFree := drainLeft(~current) === 0.U

    val fill = p.timing.gemmFill.toInt
    val row = Wire(new DrainRow(p.rowAddrBits, resultWidth.getWidth))
    row.addr := layout.rowAt(f("c"), t - streamStart)
    row.written := resultWidth
    row.accumulate := accumulate
    val drained = ShiftRegister(row, fill)
    ResultWriter(layout, io.mem.accRead(0), io.mem.accWrite)(
      en = ShiftRegister(streaming, fill, false.B, true.B),
      addr = drained.addr,
      result = array.io.result,
      width = drained.written,
      accumulate = drained.accumulate)
  }
}

/** Where a streamed row's result goes, carried beside it while it drains: the acc row, how many of its
  * elements are written, and whether they add to what is there.
  */
class DrainRow(addrBits: Int, countBits: Int) extends Bundle {
  val addr = UInt(addrBits.W)
  val written = UInt(countBits.W)
  val accumulate = Bool()
}

/** What a GEMM on an array with two weight buffers tells its unit: how many cycles it holds the unit
  * (preload and stream), and whether the buffer a preload would overwrite is free now.
  */
class OverlapIO(timeBits: Int) extends Bundle {
  val held = Output(UInt(timeBits.W))
  val otherBufferFree = Output(Bool())
}
