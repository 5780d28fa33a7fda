/// Decides whether a CI run fails: which findings are new (not in the baseline), which grew
/// beyond the tolerance, which the configuration allows, and which baseline entries are gone.
public enum CheckGate {
    /// What `--fail-on` accepts (`missing_index` needs `--database`).
    public static let failableKinds = FindingKind.allCases.map(\.rawValue)
    public static let defaultFailOn: Set<String> = ["n_plus_one", "n_plus_one_sequence", "n_plus_one_write", "n_plus_one_http"]

    public struct Policy: Sendable {
        public var failOn: Set<String>
        /// A finding fails only when it ran more than this many times in one unit.
        public var maxRepeats: Int
        /// A finding fails only when it wastes at least this much time (its duration minus
        /// one batched query's), in milliseconds.
        public var minWastedMs: Double
        /// How much a known finding may grow (executions per unit) before it fails: 0.2 = 20%.
        public var tolerance: Double

        public init(failOn: Set<String> = CheckGate.defaultFailOn, maxRepeats: Int = 0, minWastedMs: Double = 0, tolerance: Double = 0.2) {
            self.failOn = failOn
            self.maxRepeats = maxRepeats
            self.minWastedMs = minWastedMs
            self.tolerance = tolerance
        }
    }

    public struct Failure: Sendable {
        public enum Reason: Sendable, Equatable {
            case new
            /// In the baseline with this many executions per unit, now more.
            case grown(from: Int)
        }

        public var finding: Finding
        public var reason: Reason
    }

    public struct Outcome: Sendable {
        public var failures: [Failure] = []
        /// In the baseline and within the tolerance.
        public var known: [Finding] = []
        public var allowed: [(finding: Finding, rule: QueryLensConfig.AllowRule)] = []
        /// Of a kind that does not fail the run, or below the thresholds.
        public var tolerated: [Finding] = []
        /// Baseline entries this run did not find: fixed, or not exercised by these logs.
        public var gone: [Baseline.Entry] = []

        public var passed: Bool { failures.isEmpty }
    }

    public static func evaluate(_ report: Report, baseline: Baseline?, policy: Policy, allow: [QueryLensConfig.AllowRule]) -> Outcome {
        var outcome = Outcome()
        let known = Dictionary(baseline?.entries.map { ($0.id, $0) } ?? [], uniquingKeysWith: { first, _ in first })
        for finding in report.findings {
            if let rule = allow.first(where: { $0.matches(finding) }) {
                outcome.allowed.append((finding, rule))
                continue
            }
            let wasted = finding.durationMs - finding.estimatedBatchedMs
            guard policy.failOn.contains(finding.kind.rawValue), finding.maxPerUnit > policy.maxRepeats,
                policy.minWastedMs == 0 || wasted >= policy.minWastedMs
            else {
                outcome.tolerated.append(finding)
                continue
            }
            guard let entry = known[finding.id] else {
                outcome.failures.append(Failure(finding: finding, reason: .new))
                continue
            }
            let limit = Int((Double(entry.maxPerUnit) * (1 + policy.tolerance)).rounded(.up))
            if finding.maxPerUnit > limit {
                outcome.failures.append(Failure(finding: finding, reason: .grown(from: entry.maxPerUnit)))
            } else {
                outcome.known.append(finding)
            }
        }
        let found = Set(report.findings.map(\.id))
        outcome.gone = (baseline?.entries ?? []).filter { !found.contains($0.id) }
        return outcome
    }

    /// The baseline tightened by this run: entries gone are dropped, counts lowered to what
    /// ran now. New findings are not added: accepting them is `querylens baseline`'s job.
    public static func tightened(_ baseline: Baseline, by report: Report) -> Baseline {
        let current = Dictionary(report.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return Baseline(entries: baseline.entries.compactMap { entry in
            guard let finding = current[entry.id] else { return nil }
            var tightened = entry
            tightened.maxPerUnit = min(entry.maxPerUnit, finding.maxPerUnit)
            return tightened
        })
    }
}
