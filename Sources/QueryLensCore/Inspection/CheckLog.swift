/// The results of an inspection's checks as they run: a check that throws is recorded as
/// skipped, with the reason, and the others go on.
struct CheckLog {
    private(set) var results: [DatabaseCheck.Result] = []

    /// Runs one check; a database error becomes a skip naming what could not be read.
    mutating func run<T>(_ check: String, reading looked: String, _ body: () throws -> T) -> T? {
        do {
            let value = try body()
            results.append(.init(check, .ran, "read \(looked)"))
            return value
        } catch let error as DatabaseError {
            results.append(.init(check, .skipped, "cannot read \(looked): \(error.message)"))
        } catch {
            results.append(.init(check, .skipped, "cannot read \(looked): \(error)"))
        }
        return nil
    }

    /// Replaces the detail of a check that ran with what it did.
    mutating func detail(_ check: String, _ detail: String) {
        if let index = results.lastIndex(where: { $0.check == check }), results[index].status == .ran { results[index].detail = detail }
    }

    mutating func skip(_ check: String, _ reason: String) {
        results.append(.init(check, .skipped, reason))
    }

    mutating func ran(_ check: String, _ detail: String) {
        results.append(.init(check, .ran, detail))
    }
}
