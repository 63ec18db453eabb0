package npukit.rtl.npu.ctrl

import chisel3._
import chisel3.util._
import npukit.isa.Opcode
import npukit.rtl.npu.InstructionFields

/** The dispatcher and the instruction memory it reads (microarchitecture.md, "Dispatcher"). The
  * program is written through the load port while `run` is low. From the first cycle with `run`
  * high, instruction `pc` is appended to its unit's queue when that queue is not full at the start of
  * the cycle, at most one per cycle. FINISH ends the run in the cycle in which every
  * queue is empty and every unit idle; the NPU then stays done and nothing moves.
  */
class Dispatcher(fields: InstructionFields, imemDepth: Int) extends Module {
  private val indexBits = log2Ceil(imemDepth)

  val io = IO(new Bundle {
    val imemWrite = Flipped(Valid(new QueueEntry(indexBits)))
    val run = Input(Bool())
    /** Every queue empty and every unit idle, at the start of this cycle. */
    val drained = Input(Bool())
    /** Load, compute, store. */
    val enq = Vec(Dispatcher.Units, Decoupled(new QueueEntry(indexBits)))
    val dispatchStall = Output(Vec(Dispatcher.Units, Bool()))
    /** This cycle counts towards the total: run is high and FINISH has not completed before it. */
    val running = Output(Bool())
    val done = Output(Bool())
  })

  private val imem = Mem(imemDepth, UInt(128.W))
  when(io.imemWrite.valid) {
    imem.write(io.imemWrite.bits.index, io.imemWrite.bits.instr)
  }

  private val pc = RegInit(0.U(indexBits.W))
  private val finished = RegInit(false.B)
  private val ins = imem.read(pc)

  private val targets = Seq(
    Seq(Opcode.LOAD),
    Seq(Opcode.GEMM, Opcode.QUANT, Opcode.VALU),
    Seq(Opcode.STORE)
  ).map(ops => ops.map(fields.is(ins, _)).reduce(_ || _))

  io.running := io.run && !finished
  for ((enq, target) <- io.enq.zip(targets)) {
    enq.valid := io.running && target
    enq.bits.instr := ins
    enq.bits.index := pc
  }
  io.dispatchStall := VecInit(io.enq.map(e => e.valid && !e.ready))
  when(io.enq.map(_.fire).reduce(_ || _)) {
    pc := pc + 1.U
  }

  private val finishing = io.running && fields.is(ins, Opcode.FINISH) && io.drained
  when(finishing) {
    finished := true.B
  }
  io.done := finished || finishing
}

object Dispatcher {
  val Units = 3
}
