import Foundation
@testable import QueryLensCore
import Testing

@Suite("Log primitives")
struct LogPrimitivesTests {
    private func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { LogTimestamp.parse(UnsafeRawBufferPointer($0))?.microseconds }
    }

    @Test func timestamps() {
        #expect(parse("1970-01-01 00:00:00 UTC") == 0)
        #expect(parse("2026-11-25 13:52:13.730 UTC") == 1_795_614_733_730_000)
        #expect(parse("2026-11-25T13:52:13.730Z") == 1_795_614_733_730_000)
        #expect(parse("2026-11-25T14:52:13.730+01:00") == 1_795_614_733_730_000)
        #expect(parse("2026-11-25 08:52:13.730 -0500") == 1_795_614_733_730_000)
        #expect(parse("2026-11-25 13:52:13,730") == 1_795_614_733_730_000)
        #expect(parse("2026-13-25 13:52:13") == nil)
        #expect(parse("not a time") == nil)
        #expect(LogTimestamp.iso8601(1_795_614_733_730_000) == "2026-11-25T13:52:13.730000Z")
    }

    @Test(arguments: [
        ("%m [%p] %q%u@%d ", "2026-11-25 13:52:13.730 UTC [2006] web@shop LOG:  statement: SELECT 1", "web", "shop", 2006),
        ("%m [%p] %q%u@%d ", "2026-11-25 13:52:13.730 UTC [2000] LOG:  checkpoint starting: time", nil, nil, 2000),
        ("%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ", "2026-11-25 13:52:13 UTC [17127]: [3-1] user=web,db=shop,app=psql,client=127.0.0.1 LOG:  duration: 0.1 ms", "web", "shop", 17127),
        ("%n|%p|%c|%v|%x|%e|%i|%b|%Q|%u ", "1795614733.730|55|6565a1b2.7d6|3/12|0|00000|SELECT|client backend|-42|web LOG:  statement: SELECT 1", "web", nil, 55),
    ] as [(String, String, String?, String?, Int)])
    func linePrefixes(format: String, line: String, user: String?, database: String?, process: Int) {
        var copy = line
        copy.withUTF8 { buffer in
            var reader = PostgresStderrReader(prefix: LinePrefix(format))
            var events: [QueryEvent] = []
            reader.read(line: UnsafeRawBufferPointer(buffer), number: 1) { events.append($0) }
            reader.finish { events.append($0) }
            #expect(reader.diagnostics.skippedLines == 0)
            if line.contains("statement:") {
                #expect(events.first?.user == user)
                #expect(events.first?.database == database)
                #expect(events.first?.session == String(process))
            }
        }
    }

    @Test func lineSplitterHandlesCRLFLongLinesAndNoFinalNewline() throws {
        let long = String(repeating: "y", count: 3 << 20)
        let text = "a\r\nb\n\n\(long)\nlast"
        var source = MemorySource(bytes: Array(text.utf8))
        var lines: [String] = []
        let count = try LineSplitter().forEachLine(in: &source) { line, _, _ in lines.append(line.count > 100 ? "long:\(line.count)" : String(decoding: line, as: UTF8.self)) }
        #expect(count == 5)
        #expect(lines == ["a", "b", "", "long:\(3 << 20)", "last"])
    }

    @Test func csvRowsMaySpanLines() {
        var reader = PostgresCSVReader()
        var events: [QueryEvent] = []
        let row = "2026-11-25 10:00:00.000 UTC,\"web\",\"shop\",7,\"127.0.0.1:1\",6565a1b2.7,1,\"SELECT\",2026-11-25 10:00:00 UTC,3/1,0,LOG,00000,\"duration: 0.500 ms  statement: SELECT 'a\n\"\"b\"\"'\",,,,,,,,,\"psql\",\"client backend\",,0"
        // Then rows on one line each (read where they lie), before and after the one that spans two.
        let oneLine = "2026-11-25 10:00:01.000 UTC,\"web\",\"shop\",8,\"127.0.0.1:2\",6565a1b2.8,1,\"SELECT\",2026-11-25 10:00:00 UTC,4/1,0,LOG,00000,\"duration: 0.250 ms  statement: SELECT 2\",,,,,,,,,\"psql\",\"client backend\",,-9223372036854775808"
        var number = 0
        for line in (oneLine + "\n" + row + "\n" + oneLine).split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var copy = String(line)
            copy.withUTF8 { reader.read(line: UnsafeRawBufferPointer($0), number: number) { events.append($0) } }
        }
        reader.finish { events.append($0) }
        #expect(events.count == 3)
        #expect(events.map(\.sql) == ["SELECT 2", "SELECT 'a\n\"b\"'", "SELECT 2"])
        #expect(events.map(\.line) == [1, 2, 4])
        #expect(events[1].application == "psql")
        #expect(events[1].durationMilliseconds == 0.5)
        #expect(events[1].queryID == nil)
        #expect(events[2].queryID == Int64.min)
        #expect(events[2].timestamp == 1_795_600_801_000_000)
    }

    /// The csvlog reader counts a line's quotes eight bytes at a time: the same count as one
    /// byte at a time, whatever the length and the bytes around them (0x22 next to 0xA2, 0x21,
    /// 0x23 and 0x00, which a carry between bytes would confuse).
    @Test func quotesAreCountedEightBytesAtATime() {
        var random = SplitMix64(state: 0x22)
        let alphabet: [UInt8] = [0x22, 0x22, 0xA2, 0x21, 0x23, 0x00, 0xFF, 0x7F, 0x80, 0x61]
        for length in 0..<70 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &random) ?? 0 }
                let counted = bytes.withUnsafeBytes { PostgresCSVReader.quoteCount($0) }
                #expect(counted == bytes.filter { $0 == 0x22 }.count, "\(bytes)")
            }
        }
    }

    /// Integers read from bytes as `Int64(String)` reads them (csvlog's query_id, JSON numbers).
    @Test(arguments: ["0", "42", "-42", "+7", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                      "-9223372036854775809", "", "-", "+", "12a", " 1", "1.5", "007", "99999999999999999999"])
    func bytesReadAsInt64(text: String) {
        var copy = text
        let read = copy.withUTF8 { UnsafeRawBufferPointer($0).int64Value }
        #expect(read == Int64(text))
    }
}

/// Bytes in memory as a source, read in small pieces to exercise the block boundaries.
struct MemorySource: ByteSource {
    var bytes: [UInt8]
    var offset = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset, 700_001)
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
        offset += count
        return count
    }
}
