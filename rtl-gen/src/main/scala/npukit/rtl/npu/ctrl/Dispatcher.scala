package npukit.rtl.npu.ctrl

import chisel3._
import chisel3.util._
import npukit.isa.Opcode
import npukit.rtl.npu.InstructionFields

/** The dispatcher (microarchitecture.md, "Dispatcher"). From the first cycle with `run` high it takes
  * the instructions the fetch unit offers, in program order: instruction `pc` is appended to its unit's
  * queue when it has arrived whole and that queue is not full at the start of the cycle, at most one
  * per cycle. A cycle in which `pc` has not arrived is a fetch stall. FINISH ends the run in the cycle
  * in which every queue is empty and every unit idle; the NPU then stays done and nothing moves.
  */
class Dispatcher(fields: InstructionFields, indexBits: Int) extends Module {
  val io = IO(new Bundle {
    /** The oldest instruction in the fetch buffer, valid once all its bytes have arrived. */
    val fetch = Flipped(Decoupled(UInt(npukit.isa.InstructionFormat.BITS.W)))
    val run = Input(Bool())
    /** Every queue empty and every unit idle, at the start of this cycle. */
    val drained = Input(Bool())
    /** Load, compute, store. */
    val enq = Vec(Dispatcher.Units, Decoupled(new QueueEntry(indexBits)))
    val dispatchStall = Output(Vec(Dispatcher.Units, Bool()))
    val fetchStall = Output(Bool())
    /** This cycle counts towards the total: run is high and FINISH has not completed before it. */
    val running = Output(Bool())
    val done = Output(Bool())
  })

  private val pc = RegInit(0.U(indexBits.W))
  private val finished = RegInit(false.B)
  private val ins = io.fetch.bits
  private val arrived = io.fetch.valid

  private val targets = Seq(
    Seq(Opcode.LOAD),
    Seq(Opcode.GEMM, Opcode.QUANT, Opcode.VALU),
    Seq(Opcode.STORE)
  ).map(ops => ops.map(fields.is(ins, _)).reduce(_ || _))

  io.running := io.run && !finished
  for ((enq, target) <- io.enq.zip(targets)) {
    enq.valid := io.running && arrived && target
    enq.bits.instr := ins
    enq.bits.index := pc
  }
  io.dispatchStall := VecInit(io.enq.map(e => e.valid && !e.ready))
  io.fetchStall := io.running && !arrived
  private val dispatched = io.enq.map(_.fire).reduce(_ || _)
  io.fetch.ready := dispatched
  when(dispatched) {
    pc := pc + 1.U
  }

  private val finishing = io.running && arrived && fields.is(ins, Opcode.FINISH) && io.drained
  when(finishing) {
    finished := true.B
  }
  io.done := finished || finishing
}

object Dispatcher {
  val Units = 3
}
