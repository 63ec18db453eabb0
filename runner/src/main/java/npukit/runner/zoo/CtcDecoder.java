package npukit.runner.zoo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.compiler.ir.Tensor;
import npukit.runner.InputException;

/**
 * PaddleOCR's greedy CTC decoding: the best class of each time step, repeats collapsed, blanks (class
 * 0) dropped; class i is the character list's line i - 1, and the class after the list is a space
 * ({@code use_space_char}).
 */
final class CtcDecoder {

    private final List<String> characters;

    CtcDecoder(List<String> characters) {
        this.characters = List.copyOf(characters);
    }

    static CtcDecoder read(Path keys) {
        try {
            return new CtcDecoder(Files.readAllLines(keys, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException(keys + ": cannot read the character list: " + e.getMessage(), e);
        }
    }

    /** The text of a [1, T, classes] probability (or logit) tensor. */
    String decode(Tensor probabilities) {
        List<Integer> shape = probabilities.shape();
        int classes = shape.get(shape.size() - 1);
        if (classes != characters.size() + 2) {
            throw new InputException("the recognizer has " + classes + " classes; the character list gives "
                    + characters.size() + " characters plus blank and space");
        }
        int steps = probabilities.size() / classes;
        StringBuilder text = new StringBuilder();
        int previous = -1;
        for (int t = 0; t < steps; t++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities.getDouble(t * classes + c) > probabilities.getDouble(t * classes + best)) {
                    best = c;
                }
            }
            if (best != 0 && best != previous) {
                text.append(best == classes - 1 ? " " : characters.get(best - 1));
            }
            previous = best;
        }
        return text.toString();
    }
}
