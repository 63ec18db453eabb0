package npukit.rtl.npu.ctrl

import chisel3._
import chisel3.util._
import npukit.rtl.npu.InstructionFields

/** The front of one unit: takes instructions off its queue, checks the tokens they pop, and tracks
  * the instruction in progress (microarchitecture.md, "Queues and tokens"). The same design serves
  * load, compute and store; `hasPrev` and `hasNext` say which neighbours the unit has, and flags
  * towards a missing neighbour are ignored (the isa rejects them).
  *
  * An idle unit starts its head instruction when every counter it pops is non-zero at the start of
  * the cycle and the unit is `clear` of hazards; the pops take effect at the end of that cycle. The
  * unit behind the front reports the last cycle it is held (`unitLast`), and the front hands on what
  * takes effect at the instruction's end (`leaving`: its pushes and index). The unit gives that back as
  * `ending` in the instruction's last cycle (the same cycle, unless a GEMM's drain runs on); the
  * pushes take effect at the end of it, and the index retires in it.
  */
class UnitFront(fields: InstructionFields, indexBits: Int, hasPrev: Boolean, hasNext: Boolean) extends Module {
  val io = IO(new Bundle {
    val queue = Flipped(Decoupled(new QueueEntry(indexBits)))
    /** The counters this unit pops, non-zero at the start of the cycle. */
    val tokens = Input(new TokenFlags)
    /** From the unit: this cycle is the last the instruction in progress holds it. */
    val unitLast = Input(Bool())
    /** From the unit: its head instruction's hazards are clear. */
    val clear = Input(Bool())
    val leaving = Output(Valid(new Ending(indexBits)))
    /** From the unit: an instruction ends in this cycle, with what `leaving` gave for it. */
    val ending = Input(Valid(new Ending(indexBits)))
    val start = Output(Bool())
    val instr = Output(UInt(npukit.isa.InstructionFormat.BITS.W))
    val pop = Output(new TokenFlags)
    val push = Output(new TokenFlags)
    /** An instruction is in progress in this cycle (its first to its last cycle). */
    val busy = Output(Bool())
    val tokenStall = Output(Bool())
    val retire = Valid(UInt(indexBits.W))
  })

  private def flags(word: UInt, verb: String): TokenFlags = {
    val f = Wire(new TokenFlags)
    f.prev := hasPrev.B && fields.flag(word, s"$verb-prev")
    f.next := hasNext.B && fields.flag(word, s"$verb-next")
    f
  }

  private val inProgress = RegInit(false.B)
  private val head = io.queue.bits
  private val pops = flags(head.instr, "pop")
  private val tokensReady = (!pops.prev || io.tokens.prev) && (!pops.next || io.tokens.next)
  private val idleWithWork = !inProgress && io.queue.valid

  io.start := idleWithWork && tokensReady && io.clear
  io.tokenStall := idleWithWork && !tokensReady
  io.queue.ready := io.start
  io.instr := head.instr
  io.pop.prev := io.start && pops.prev
  io.pop.next := io.start && pops.next
  io.busy := inProgress || io.start

  // Pushes and the index are needed in the last cycle, after the entry has left the queue.
  private val heldPush = RegEnable(flags(head.instr, "push"), io.start)
  private val heldIndex = RegEnable(head.index, io.start)
  io.leaving.valid := io.unitLast
  io.leaving.bits.push := Mux(io.start, flags(head.instr, "push"), heldPush)
  io.leaving.bits.index := Mux(io.start, head.index, heldIndex)
  io.push.prev := io.ending.valid && io.ending.bits.push.prev
  io.push.next := io.ending.valid && io.ending.bits.push.next
  io.retire.valid := io.ending.valid
  io.retire.bits := io.ending.bits.index

  when(io.start) {
    inProgress := true.B
  }
  when(io.unitLast) {
    inProgress := false.B
  }
}
