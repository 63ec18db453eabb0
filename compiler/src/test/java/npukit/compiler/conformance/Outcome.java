package npukit.compiler.conformance;

/**
 * What happened to one ONNX backend test: passed or failed in the interpreter, skipped (with why), or
 * run with some of its nodes on ONNX Runtime (not counted as run: that would test the runtime against
 * itself), with whether those outputs matched.
 */
record Outcome(String test, Status status, String detail) {

    enum Status { PASS, FAIL, SKIP, RUNTIME_MATCH, RUNTIME_DIFFER }

    static Outcome pass(String test, String detail) {
        return new Outcome(test, Status.PASS, detail);
    }

    static Outcome fail(String test, String detail) {
        return new Outcome(test, Status.FAIL, detail);
    }

    static Outcome runtime(String test, boolean matched, String detail) {
        return new Outcome(test, matched ? Status.RUNTIME_MATCH : Status.RUNTIME_DIFFER, detail);
    }

    static Outcome skip(String test, String detail) {
        return new Outcome(test, Status.SKIP, detail);
    }

    String line() {
        return status + " " + test + (detail.isEmpty() ? "" : ": " + detail);
    }
}
