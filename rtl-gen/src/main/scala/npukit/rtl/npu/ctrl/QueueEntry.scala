package npukit.rtl.npu.ctrl

import chisel3._

/** What the dispatcher appends to a unit's queue: the instruction and its index in the program, which
  * the unit reports when the instruction retires.
  */
class QueueEntry(val indexBits: Int) extends Bundle {
  val instr = UInt(npukit.isa.InstructionFormat.BITS.W)
  val index = UInt(indexBits.W)
}

/** The token flags a unit acts on, relative to its place in the load -> compute -> store chain. */
class TokenFlags extends Bundle {
  val prev = Bool()
  val next = Bool()
}

/** What takes effect when an instruction ends: the tokens it pushes and its index, which retires. */
class Ending(val indexBits: Int) extends Bundle {
  val push = new TokenFlags
  val index = UInt(indexBits.W)
}
