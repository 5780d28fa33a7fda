import QueryLensCore
import Testing

/// Every detector's documented examples, run as tests: the triggering ones must be found, the
/// non-triggering ones must not (SwiftLint's way of keeping rules and their docs honest).
@Suite("Detector examples")
struct DetectorExampleTests {
    static let detectors = Detectors.all.map { ($0.kind.rawValue, $0) }

    @Test(arguments: detectors.map(\.0))
    func examplesBehaveAsDocumented(kind: String) throws {
        let detector = try #require(Detectors.all.first { $0.kind.rawValue == kind })
        #expect(!detector.triggeringExamples.isEmpty && !detector.nonTriggeringExamples.isEmpty)
        #expect(detector.description.count > 100)
        for example in detector.triggeringExamples {
            #expect(!DetectorExampleRunner.findings(detector, example).isEmpty, "should trigger: \(example.statements)")
        }
        for example in detector.nonTriggeringExamples {
            #expect(DetectorExampleRunner.findings(detector, example).isEmpty, "should not trigger: \(example.statements)")
        }
    }

    /// Every kind is found by a log detector, by a database check of `inspect`, or is the index
    /// advisor's `missing_index`; and only the database's kinds need a database.
    @Test func everyKindHasADetectorOrADatabaseCheck() {
        let detectors = Set(Detectors.all.map(\.kind))
        let checks = Set(DatabaseCheck.all.map(\.kind))
        #expect(detectors.isDisjoint(with: checks))
        #expect(detectors.union(checks).union([.missingIndex]) == Set(FindingKind.allCases))
        #expect(Set(FindingKind.allCases.filter(\.needsDatabase)) == checks.union([.missingIndex]))
    }

    /// docs/inspect.md documents each database check with its description.
    @Test func everyDatabaseCheckIsDocumented() throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("docs/inspect.md"), encoding: .utf8)
        for check in DatabaseCheck.all {
            #expect(text.contains("### `\(check.kind.rawValue)`\n\n\(check.description)\n"), "\(check.kind.rawValue)")
        }
    }
}
