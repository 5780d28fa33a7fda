import Foundation
@testable import QueryLensCollector
import QueryLensCore
import Testing

/// The receiver's decoders on damaged real export bodies: never a crash, always an answer.
/// Fixed seed, so a failure reproduces.
@Suite("OTLP decoder fuzzing")
struct OTLPFuzzTests {
    /// A linear congruential generator (Knuth's MMIX constants): reproducible, good enough to
    /// pick bytes to damage.
    struct Damage: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    private var bodies: [[UInt8]] {
        ["old", "new"].flatMap { generation in
            (1...6).compactMap { try? Array(Data(contentsOf: Checkout.root.appendingPathComponent(String(format: "Fixtures/traces/otlp-protobuf/%@/%04d.pb", generation, $0)))) }
        }
    }

    @Test func damagedProtobufBodiesAreDecodedOrRefused() {
        let seeds = bodies
        #expect(seeds.count == 12)
        var random = Damage(state: 0x07F1)
        let receiver = TraceReceiver()
        var refused = 0
        for _ in 0..<2000 {
            guard var body = seeds.randomElement(using: &random), !body.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let at = Int.random(in: 0..<body.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: body[at] = UInt8.random(in: 0...255, using: &random)
                case 1: body = Array(body[..<max(1, at)])
                default: body.insert(UInt8.random(in: 0...255, using: &random), at: at)
                }
            }
            switch receiver.receive(body, protobuf: true, now: 0) {
            case .malformed: refused += 1
            case .accepted, .busy: break
            }
        }
        // Most damage breaks the wire format; some lands in a string and decodes.
        #expect(refused > 200 && refused < 2000)
        _ = receiver.report(source: "fuzz")
    }

    @Test func damagedGzipIsRefusedNotInflatedWithoutBound() {
        var random = Damage(state: 0x6217)
        let receiver = TraceReceiver(options: .init(maximumBodyBytes: 1 << 10))
        var refused = 0
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            if case .malformed = receiver.receive([0x1F, 0x8B, 0x08, 0x00] + bytes, protobuf: true, gzip: true, now: 0) { refused += 1 }
        }
        #expect(refused > 150)
        // A small bomb: 16 KiB of zeros in 45 bytes inflate past 8 × the 1 KiB limit.
        let bomb = Array(Data(base64Encoded: "H4sIAAAAAAACA+3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA") ?? Data())
        #expect(bomb.count < 100)
        guard case .malformed(let reason) = receiver.receive(bomb, protobuf: true, gzip: true, now: 0) else {
            Issue.record("a gzip bomb was not refused")
            return
        }
        #expect(reason.contains("inflates to more than"))
    }

    @Test func urlTemplatesOfRandomTextNeverFail() {
        var random = Damage(state: 0x0417)
        let alphabet = Array("GET POST /:?&=#@%{}0123456789abcdefXYZ-_.~ \u{00E9}\u{1F600}")
        for _ in 0..<2000 {
            let text = String((0..<Int.random(in: 0...60, using: &random)).compactMap { _ in alphabet.randomElement(using: &random) })
            let template = HTTPCallTemplate.template(text)
            #expect(HTTPCallTemplate.template(text) == template)
            #expect(!HTTPCallTemplate.withoutCredentials(text).isEmpty || text.isEmpty || text.hasSuffix("@"))
        }
    }
}
