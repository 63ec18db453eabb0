package npukit.rtl.compute

import chisel3._
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
  */
class StationaryGemm(p: NpuParams) extends ComputeEngine(p) {
  require(p.dataflow != Dataflow.OS, "the output-stationary GEMM is OutputStationaryGemm")
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

  ResultWriter(layout, io.mem.accRead(0), io.mem.accWrite)(
    en = within(drainStart, streamed),
    addr = layout.rowAt(f("c"), t - drainStart),
    result = array.io.result,
    width = resultWidth,
    accumulate = f.flag("accumulate"))
}
