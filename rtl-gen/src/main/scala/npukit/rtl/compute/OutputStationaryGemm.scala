package npukit.rtl.compute

import chisel3._
import npukit.rtl.npu.InstructionFields
import npukit.arch.config.Dataflow
import npukit.isa.Opcode
import npukit.rtl.npu.NpuParams

/** GEMM on the output-stationary array. In cycle t < k the two sp read ports fetch A^T row `a` + t
  * and B row `b` + t, which enter the array skewed; PE (i, j) holds C[i][j], complete after cycle
  * k + i + j - 1. From cycle k + R + C - 2, when every PE is complete, row i is written to acc row
  * c + i in cycle k + R + C - 2 + i, the array shifting its rows up one a cycle.
  */
class OutputStationaryGemm(p: NpuParams) extends ComputeEngine(p) {
  require(p.dataflow == Dataflow.OS, "the weight- and input-stationary GEMM is StationaryGemm")
  private val ap = ArrayParams(p)
  private val array = Module(new OutputStationaryArray(ap))

  private val f = new InstructionFields(p.format).view(io.word, Opcode.GEMM)
  private val k = wide(f("k"))
  private val m = wide(f("m"))
  private val drainStart = k + p.timing.gemmFill.U
  io.duration := drainStart + m

  private val feeding = io.active && t < k
  private val Seq(aPort, bPort) = io.mem.spRead.toSeq
  aPort.en := feeding
  aPort.addr := layout.rowAt(f("a"), t)
  bPort.en := feeding
  bPort.addr := layout.rowAt(f("b"), t)

  for (i <- 0 until p.rows) array.io.a(i) := layout.spOperand(aPort.data, i)
  for (j <- 0 until p.cols) array.io.b(j) := layout.spOperand(bPort.data, j)
  array.io.valid := feeding
  array.io.first := t === 0.U

  private val draining = within(drainStart, m)
  array.io.drain := draining
  ResultWriter(layout, io.mem.accRead(0), io.mem.accWrite)(
    en = draining,
    addr = layout.rowAt(f("c"), t - drainStart),
    result = array.io.top,
    width = f("n"),
    accumulate = f.flag("accumulate"))
}
