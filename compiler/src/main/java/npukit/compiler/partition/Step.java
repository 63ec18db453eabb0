package npukit.compiler.partition;

/** One piece of a partitioned graph; the steps of a {@link Partition} run in order. */
public sealed interface Step permits NpuStep, IntegerStep, DynamicStep, HostStep {

    /** One or more lines of the partition's canonical text. */
    String text();
}
