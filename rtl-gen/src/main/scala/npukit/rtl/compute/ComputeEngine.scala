package npukit.rtl.compute

import chisel3._
import npukit.rtl.mem.{SramReadPort, SramWritePort}
import npukit.rtl.npu.NpuParams

/** The compute unit's view of the memories; each engine drives its own copy and the unit merges them. */
class ComputePorts(p: NpuParams) extends Bundle {
  val spRead = Vec(2, new SramReadPort(p.rowAddrBits, p.spRowBits))
  val spWrite = new SramWritePort(p.rowAddrBits, p.spRowBits)
  val accRead = Vec(2, new SramReadPort(p.rowAddrBits, p.accRowBits))
  val accWrite = new SramWritePort(p.rowAddrBits, p.accRowBits)

  /** No access: the default every engine starts from, so a port it does not use stays silent. */
  def idle(): Unit = {
    (spRead ++ accRead).foreach { r => r.en := false.B; r.addr := 0.U }
    Seq(spWrite, accWrite).foreach { w => w.en := false.B; w.addr := 0.U; w.data := 0.U; w.mask := 0.U }
  }
}

/** What the unit's sequencer gives an engine: whether this cycle belongs to one of its instructions,
  * the cycle's index within it (0 in the first cycle) and the instruction word, stable throughout.
  * The engine answers with the duration the spec gives for that word and drives its memory accesses.
  */
class EngineIO(p: NpuParams, timeBits: Int) extends Bundle {
  val active = Input(Bool())
  val t = Input(UInt(timeBits.W))
  val word = Input(UInt(npukit.isa.InstructionFormat.BITS.W))
  val duration = Output(UInt(timeBits.W))
  val mem = new ComputePorts(p)
}

/** One instruction class of the compute unit (GEMM, QUANT or VALU) as a module driven by the
  * sequencer in [[ComputeUnit]]. Every access is a function of the cycle index, so durations and
  * access counts follow the spec's tables by construction.
  */
abstract class ComputeEngine(val p: NpuParams) extends Module {
  protected val layout: ComputeLayout = ComputeLayout(p)
  val io = IO(new EngineIO(p, layout.timeBits))
  io.mem.idle()

  protected def t: UInt = io.t

  /** True in cycles `from` .. `from + count - 1` of an active instruction. */
  protected def within(from: UInt, count: UInt): Bool = io.active && t >= from && (t - from) < count

  /** A count or offset field widened to the cycle counter. */
  protected def wide(x: UInt): UInt = x.pad(layout.timeBits)
}
