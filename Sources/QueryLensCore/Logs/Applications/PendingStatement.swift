/// A statement whose record may go on over the next lines (pretty-printed SQL, a parameters
/// record that follows), handed over when the reader knows it is complete.
struct PendingStatement {
    private var event: QueryEvent?
    private var text: [UInt8] = []

    var isOpen: Bool { event != nil }

    mutating func begin(_ event: QueryEvent, text first: UnsafeRawBufferPointer) {
        self.event = event
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: first)
    }

    /// Another line of the statement's text.
    mutating func append(line: UnsafeRawBufferPointer) {
        text.append(0x0A)
        text.append(contentsOf: line)
    }

    mutating func update(_ change: (inout QueryEvent) -> Void) {
        guard var current = event else { return }
        change(&current)
        event = current
    }

    /// Emits the statement with its text (blank lines and outer white space removed) and
    /// closes it; a statement without text is dropped.
    mutating func flush(emit: (consuming QueryEvent) -> Void) {
        guard var complete = event else { return }
        event = nil
        complete.sql = text.withUnsafeBytes { Self.trimmed($0) }
        if !complete.sql.isEmpty { emit(complete) }
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> String {
        var start = 0
        var end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return bytes.slice(start..<end).string
    }
}
