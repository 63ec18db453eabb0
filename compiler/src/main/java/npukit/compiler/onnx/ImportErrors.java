package npukit.compiler.onnx;

import java.nio.file.Path;
import java.util.List;

/** Builds the importer's exceptions for one file, so every message starts with that file. */
record ImportErrors(Path file) {

    /** Something unsupported outside any node, e.g. a graph input's element type. */
    UnsupportedModelException unsupported(UnsupportedModelException.Kind kind, String where, String detail) {
        return new UnsupportedModelException(file, List.of(new UnsupportedModelException.Problem(kind, null, null, null,
                where + ": " + detail)));
    }

    /** Something unsupported in a node; {@code attribute} may be null. */
    UnsupportedModelException unsupported(UnsupportedModelException.Kind kind, String node, String opType,
                                          String attribute, String detail) {
        return new UnsupportedModelException(file, List.of(new UnsupportedModelException.Problem(kind, node, opType,
                attribute, detail)));
    }

    UnsupportedModelException unsupported(List<UnsupportedModelException.Problem> problems) {
        return new UnsupportedModelException(file, problems);
    }

    OnnxModelException invalid(String detail) {
        return new OnnxModelException(file, detail, null);
    }

    OnnxModelException invalid(String detail, Throwable cause) {
        return new OnnxModelException(file, detail, cause);
    }
}
