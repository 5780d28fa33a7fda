import Foundation
import Yams

/// `.querylens.yml`: the settings of `analyze` and `check` for a repository, found upward
/// from the working directory (or given with `--config`). Every key is optional; command-line
/// options win. See docs/ci.md for the full list.
///
/// Parsed node by node rather than decoded, so that every error names the file and the line:
/// `.querylens.yml:7: allow[1] needs a reason`.
public struct QueryLensConfig: Sendable, Equatable {
    public var profile: DetectionProfile.Name?
    public var minRepeats: Int?
    public var minUnits: Int?
    public var minDurationMs: Double?
    public var failOn: [String]?
    public var maxRepeats: Int?
    public var minWastedMs: Double?
    public var baseline: String?
    public var tolerance: Double?
    public var inputFormat: LogFormat?
    public var logLinePrefix: String?
    public var idleGapMs: Double?
    public var dialect: SQLDialect?
    public var allow: [AllowRule] = []
    /// Where the file was read from; relative paths in it (baseline) are relative to its folder.
    public var path: String?

    public static let fileNames = [".querylens.yml", ".querylens.yaml"]

    /// A finding the team accepts, and why.
    public struct AllowRule: Sendable, Equatable {
        public var fingerprint: String?
        public var table: String?
        /// A glob (`*` any characters, `?` one) over the finding's source location.
        public var source: String?
        public var kind: String?
        public var reason: String
        public var line: Int

        public func matches(_ finding: Finding) -> Bool {
            if let kind, kind != finding.kind.rawValue { return false }
            if let fingerprint {
                let own = [finding.fingerprint.description, finding.id] + (finding.sequence?.map(\.fingerprint.description) ?? [])
                if !own.contains(fingerprint) { return false }
            }
            if let table, table != finding.table { return false }
            if let source {
                guard let findingSource = finding.source, fnmatch(source, findingSource, 0) == 0 || fnmatch(source + ":*", findingSource, 0) == 0 else {
                    return false
                }
            }
            return fingerprint != nil || table != nil || source != nil
        }
    }

    /// A configuration error: `file:line: message`, exit code 2.
    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
    }

    public init() {}

    /// The nearest `.querylens.yml` in `directory` or above it.
    public static func locate(from directory: String) -> String? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            for name in fileNames {
                let candidate = current.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    public static func load(path: String) throws -> QueryLensConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error(file: path, line: nil, message: "cannot read the configuration file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public static func parse(_ text: String, file: String) throws -> QueryLensConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Error(file: file, line: Self.line(of: error), message: "not valid YAML: \(Self.problem(of: error))")
        }
        var config = QueryLensConfig()
        config.path = file
        guard let root else { return config }
        guard let mapping = root.mapping else { throw Error(file: file, line: root.mark?.line, message: "expected keys and values (a YAML mapping)") }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw Error(file: file, line: keyNode.mark?.line, message: "keys must be text") }
            let line = keyNode.mark?.line
            func fail(_ message: String) -> Error { Error(file: file, line: value.mark?.line ?? line, message: "\(key): \(message)") }
            func integer(minimum: Int) throws -> Int {
                guard let number = value.int, number >= minimum else { throw fail("expected a whole number of at least \(minimum)") }
                return number
            }
            func number() throws -> Double {
                guard let number = value.float, number >= 0 else { throw fail("expected a number of at least 0") }
                return number
            }
            func string() throws -> String {
                guard let text = value.string, value.scalar != nil else { throw fail("expected text") }
                return text
            }
            switch key {
            case "profile":
                guard let profile = DetectionProfile.Name(rawValue: try string()) else {
                    throw fail("expected one of \(DetectionProfile.Name.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                config.profile = profile
            case "min_repeats": config.minRepeats = try integer(minimum: 2)
            case "min_units": config.minUnits = try integer(minimum: 1)
            case "min_duration_ms": config.minDurationMs = try number()
            case "fail_on":
                guard let items = value.sequence?.map({ $0.string }), items.allSatisfy({ $0 != nil }) else { throw fail("expected a list of finding kinds") }
                let kinds = items.compactMap { $0 }
                if let unknown = kinds.first(where: { !CheckGate.failableKinds.contains($0) }) {
                    throw fail("unknown finding kind \(unknown) (known: \(CheckGate.failableKinds.joined(separator: ", ")))")
                }
                config.failOn = kinds
            case "max_repeats": config.maxRepeats = try integer(minimum: 0)
            case "min_wasted_ms": config.minWastedMs = try number()
            case "baseline": config.baseline = try string()
            case "tolerance": config.tolerance = try number()
            case "input_format":
                guard let format = LogFormat(rawValue: try string()) else {
                    throw fail("expected one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                config.inputFormat = format
            case "log_line_prefix": config.logLinePrefix = try string()
            case "idle_gap_ms": config.idleGapMs = try number()
            case "dialect":
                guard let dialect = SQLDialect(rawValue: try string()), dialect != .unknown else { throw fail("expected postgresql or sqlite") }
                config.dialect = dialect
            case "allow":
                guard let items = value.sequence else { throw fail("expected a list of rules, each with a reason") }
                for (index, item) in items.enumerated() {
                    config.allow.append(try allowRule(item, index: index, file: file))
                }
            default:
                throw Error(file: file, line: line, message: "unknown key \(key) (see docs/ci.md for the keys)")
            }
        }
        return config
    }

    private static func allowRule(_ node: Node, index: Int, file: String) throws -> AllowRule {
        let line = node.mark?.line ?? 0
        guard let mapping = node.mapping else { throw Error(file: file, line: line, message: "allow[\(index)]: expected fingerprint, table or source, and reason") }
        var rule = AllowRule(reason: "", line: line)
        var reason: String?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard let text = value.string, value.scalar != nil else {
                throw Error(file: file, line: value.mark?.line ?? line, message: "allow[\(index)].\(key): expected text")
            }
            switch key {
            case "fingerprint": rule.fingerprint = text
            case "table": rule.table = text
            case "source": rule.source = text
            case "kind": rule.kind = text
            case "reason": reason = text
            default: throw Error(file: file, line: keyNode.mark?.line ?? line, message: "allow[\(index)]: unknown key \(key) (fingerprint, table, source, kind, reason)")
            }
        }
        guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Error(file: file, line: line, message: "allow[\(index)] needs a reason: say why this finding is accepted")
        }
        guard rule.fingerprint != nil || rule.table != nil || rule.source != nil else {
            throw Error(file: file, line: line, message: "allow[\(index)] must name a fingerprint, a table or a source")
        }
        rule.reason = reason
        return rule
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}
