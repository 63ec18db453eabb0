package npukit.compiler.conformance;

/** What happened to one ONNX backend test: passed, failed (with why) or skipped (with why). */
record Outcome(String test, Status status, String detail) {

    enum Status { PASS, FAIL, SKIP }

    static Outcome pass(String test, String detail) {
        return new Outcome(test, Status.PASS, detail);
    }

    static Outcome fail(String test, String detail) {
        return new Outcome(test, Status.FAIL, detail);
    }

    static Outcome skip(String test, String detail) {
        return new Outcome(test, Status.SKIP, detail);
    }

    String line() {
        return status + " " + test + (detail.isEmpty() ? "" : ": " + detail);
    }
}
