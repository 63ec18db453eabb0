package npukit.compiler.runtime;

/**
 * Told as code generation reaches each step it compiles (an NPU step or an integer product), so a
 * long compile can say where it is: ResNet-50's code generation takes minutes on some chips.
 */
@FunctionalInterface
public interface CompileProgress {

    CompileProgress NONE = (index, total, step) -> { };

    /** Step {@code index} (from 1) of the {@code total} steps that get code, named {@code step}, starts. */
    void step(int index, int total, String step);
}
