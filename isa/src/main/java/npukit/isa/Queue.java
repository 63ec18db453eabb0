package npukit.isa;

/** Where the dispatcher sends an instruction. */
public enum Queue {
    LOAD, COMPUTE, STORE,
    /** FINISH is handled by the dispatcher itself. */
    DISPATCHER
}
