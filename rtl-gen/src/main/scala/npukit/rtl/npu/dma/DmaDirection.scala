package npukit.rtl.npu.dma

import chisel3._
import chisel3.util._
import npukit.isa.Opcode
import npukit.rtl.npu.NpuParams

/** Which way a DMA engine moves data: LOAD reads HBM and writes sram rows, STORE reads sram rows and
  * writes HBM. Everything else about the two engines is one design.
  */
sealed abstract class DmaDirection(val opcode: Opcode, val name: String) {
  def writesSram: Boolean = this == DmaDirection.Load
}

object DmaDirection {
  case object Load extends DmaDirection(Opcode.LOAD, "load")
  case object Store extends DmaDirection(Opcode.STORE, "store")
}

/** One request to the HBM, valid in the cycle it is issued. A STORE request carries its bytes at the
  * low end of `wdata`; the testbench's memory reads them at issue.
  */
class HbmRequest(p: NpuParams, dir: DmaDirection) extends Bundle {
  val valid = Bool()
  val addr = UInt(p.hbmAddrBits.W)
  val len = UInt(log2Ceil(p.burstBytes + 1).W)
  val tag = UInt(p.dmaTagBits.W)
  val wdata = Option.when(!dir.writesSram)(UInt((p.burstBytes * 8).W))
}

/** The response the memory hands the engine in this cycle (at most one); a LOAD response carries the
  * request's bytes at the low end of `rdata`.
  */
class HbmResponse(p: NpuParams, dir: DmaDirection) extends Bundle {
  val valid = Bool()
  val tag = UInt(p.dmaTagBits.W)
  val rdata = Option.when(dir.writesSram)(UInt((p.burstBytes * 8).W))
}

/** An engine's memory port, seen from the engine. */
class HbmPort(p: NpuParams, dir: DmaDirection) extends Bundle {
  val req = Output(new HbmRequest(p, dir))
  val resp = Input(new HbmResponse(p, dir))
}
