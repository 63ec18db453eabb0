package npukit.rtl.npu

import chisel3._
import npukit.isa.{Field, InstructionFormat, Opcode}

import scala.jdk.CollectionConverters._

/** Slices 128-bit instruction words with the isa module's layout. Every offset, width and opcode
  * comes from the Java `InstructionFormat` and `Opcode`, so the decoder cannot drift from the
  * encoder the assembler and the simulator use.
  */
class InstructionFields(format: InstructionFormat) {
  private val header: Map[String, Field] = format.header.asScala.map(f => f.name -> f).toMap

  def opcode(word: UInt): UInt = slice(word, header("opcode"))

  def is(word: UInt, op: Opcode): Bool = opcode(word) === op.code.U

  /** One of the four token flags, by its isa name (`pop-prev`, `pop-next`, `push-prev`, `push-next`). */
  def flag(word: UInt, name: String): Bool = slice(word, header(name)).asBool

  /** An operand of `op`, by its assembler name. */
  def apply(word: UInt, op: Opcode, name: String): UInt = slice(word, format.field(op, name))

  /** Width of an operand of `op`, for the registers that hold it. */
  def width(op: Opcode, name: String): Int = format.field(op, name).width

  /** The operands of `op` in `word`, by name: what a unit that executes `op` needs. */
  def view(word: UInt, op: Opcode): InstructionFields.View = new InstructionFields.View(this, word, op)

  private def slice(word: UInt, f: Field): UInt = word(f.msb, f.offset)
}

object InstructionFields {
  class View(fields: InstructionFields, word: UInt, op: Opcode) {
    def apply(name: String): UInt = fields(word, op, name)
    def flag(name: String): Bool = apply(name).asBool
    def signed(name: String): SInt = apply(name).asSInt
  }
}
