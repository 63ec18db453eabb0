package npukit.runner.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import npukit.arch.config.ChipConfig;

/**
 * One point of a design space: the swept fields' values and the chip they make.
 *
 * @param index  its place in the sweep, 0 or more
 * @param values the swept fields' values, by path, in the spec's order
 * @param chip   the base chip with those values
 */
public record SweepPoint(int index, Map<String, Object> values, ChipConfig chip) {

    public SweepPoint {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
