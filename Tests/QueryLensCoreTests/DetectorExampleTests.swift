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

    @Test func everyKindHasADetector() {
        #expect(Set(Detectors.all.map(\.kind)) == Set(FindingKind.allCases).subtracting([.missingIndex]))
    }
}
