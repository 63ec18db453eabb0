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
  * the cycle; the pops take effect at the end of that cycle. The unit behind the front reports the
  * instruction's last cycle; the pushes take effect at the end of it, and the index retires in it.
  *
  * With `overlapping` (a compute unit whose GEMMs overlap) the unit reports instead the last cycle it
  * is held (`unitLast`), and an instruction starts only when the unit says its hazards are `clear`. The
  * front hands on the pushes and index as `leaving` in that cycle; the unit gives them back as `ending`
  * in the instruction's last cycle, when the pushes take effect and the index retires.
  */
class UnitFront(fields: InstructionFields, indexBits: Int, hasPrev: Boolean, hasNext: Boolean,
    overlapping: Boolean = false) extends Module {
  val io = IO(new Bundle {
    val queue = Flipped(Decoupled(new QueueEntry(indexBits)))
    /** The counters this unit pops, non-zero at the start of the cycle. */
    val tokens = Input(new TokenFlags)
    /** From the unit: this cycle is the last of the instruction in progress. */
    val unitLast = Input(Bool())
    val start = Output(Bool())
    val instr = Output(UInt(npukit.isa.InstructionFormat.BITS.W))
    val pop = Output(new TokenFlags)
    val push = Output(new TokenFlags)
    /** An instruction is in progress in this cycle (its first to its last cycle). */
    val busy = Output(Bool())
    val tokenStall = Output(Bool())
    val retire = Valid(UInt(indexBits.W))
    val overlap = Option.when(overlapping)(new FrontOverlapIO(indexBits))
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

  io.start := idleWithWork && tokensReady && io.overlap.map(_.clear).getOrElse(true.B)
  io.tokenStall := idleWithWork && !tokensReady
  io.queue.ready := io.start
  io.instr := head.instr
  io.pop.prev := io.start && pops.prev
  io.pop.next := io.start && pops.next
  io.busy := inProgress || io.start

  // Pushes and the index are needed in the last cycle, after the entry has left the queue.
  private val heldPush = RegEnable(flags(head.instr, "push"), io.start)
  private val heldIndex = RegEnable(head.index, io.start)
  private val push = Mux(io.start, flags(head.instr, "push"), heldPush)
  private val index = Mux(io.start, head.index, heldIndex)
  io.overlap match {
    case None =>
      io.push.prev := io.unitLast && push.prev
      io.push.next := io.unitLast && push.next
      io.retire.valid := io.unitLast
      io.retire.bits := index
    case Some(o) =>
      o.leaving.valid := io.unitLast
      o.leaving.bits.push := push
      o.leaving.bits.index := index
      io.push.prev := o.ending.valid && o.ending.bits.push.prev
      io.push.next := o.ending.valid && o.ending.bits.push.next
      io.retire.valid := o.ending.valid
      io.retire.bits := o.ending.bits.index
  }

  when(io.start) {
    inProgress := true.B
  }
  when(io.unitLast) {
    inProgress := false.B
  }
}

/** A unit front's side of an overlapping unit ([[npukit.rtl.compute.ComputeOverlapIO]]). */
class FrontOverlapIO(indexBits: Int) extends Bundle {
  val clear = Input(Bool())
  val leaving = Output(Valid(new Ending(indexBits)))
  val ending = Input(Valid(new Ending(indexBits)))
}
