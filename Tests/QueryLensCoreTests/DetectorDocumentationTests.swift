import Foundation
import QueryLensCore
import Testing

@Suite("Detector documentation")
struct DetectorDocumentationTests {
    @Test func docsMatchTheDetectors() throws {
        let url = Repository.root.appendingPathComponent("docs/detectors.md")
        let generated = DetectorDocumentation.markdown()
        if ProcessInfo.processInfo.environment["QUERYLENS_UPDATE_GOLDEN"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == generated)
    }
}
