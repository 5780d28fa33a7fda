import Foundation

/// The values one execution of a statement ran with, as SQL literals for the `$1`, `$2`, ...
/// of its normalized text: inline literals as written (`'abc'`, `42`), bound parameters from
/// the log quoted, collapsed lists and NULLs as `NULL`. The planner then estimates with real
/// values (a skewed column's rare value, a partial index's predicate) instead of averages.
public enum RecordedValues {
    public static func literals(for event: QueryEvent, normalizer: inout Normalizer) -> [String] {
        var questionMarks = 0
        return normalizer.normalize(event.sql).placeholders.map { placeholder in
            guard !placeholder.isList, let value = placeholder.values.first else { return "NULL" }
            guard value.isParameter else { return value.text }
            var index: Int?
            if value.text.hasPrefix("$"), let number = Int(value.text.dropFirst()) {
                index = number - 1
            } else if value.text == "?" || value.text == "%s" {
                index = questionMarks
                questionMarks += 1
            }
            guard let index, index >= 0, index < event.parameters.count, let text = event.parameters[index] else { return "NULL" }
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}
