package npukit.rtl.mem

import chisel3._

/** A read port of an on-chip memory, seen from the unit that reads. The memories read
  * asynchronously: `data` holds row `addr` in the same cycle. A cycle with `en` high is one row read
  * in the performance counters, so a unit raises `en` exactly when the spec counts an access.
  */
class SramReadPort(addrBits: Int, dataBits: Int) extends Bundle {
  val en = Output(Bool())
  val addr = Output(UInt(addrBits.W))
  val data = Input(UInt(dataBits.W))
}

/** A write port of an on-chip memory; `mask` has one bit per byte of the row. The write takes effect
  * at the end of the cycle. A cycle with `en` high is one row write in the performance counters.
  */
class SramWritePort(addrBits: Int, dataBits: Int) extends Bundle {
  val en = Output(Bool())
  val addr = Output(UInt(addrBits.W))
  val data = Output(UInt(dataBits.W))
  val mask = Output(UInt((dataBits / 8).W))
}
