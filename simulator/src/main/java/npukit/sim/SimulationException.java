package npukit.sim;

/**
 * A program the machine cannot run: a token counter leaving 0..255, quantization registers the unit
 * rejects, a program that does not fit the chip, or a deadlock. Names the instruction when one is to
 * blame.
 */
public final class SimulationException extends RuntimeException {

    /** Marks an error that no single instruction causes (e.g. a config hash mismatch). */
    public static final int NO_INSTRUCTION = -1;

    private final int instructionIndex;

    public SimulationException(int instructionIndex, String message) {
        super(instructionIndex == NO_INSTRUCTION ? message : "instruction " + instructionIndex + ": " + message);
        this.instructionIndex = instructionIndex;
    }

    public SimulationException(int instructionIndex, String message, Throwable cause) {
        this(instructionIndex, message);
        initCause(cause);
    }

    /** The instruction to blame, or {@link #NO_INSTRUCTION}. */
    public int instructionIndex() {
        return instructionIndex;
    }
}
