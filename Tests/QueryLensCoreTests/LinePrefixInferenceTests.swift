import QueryLensCore
import Testing

/// `log_line_prefix` inferred from the log itself. The real-server corpus (one server run per
/// prefix) is read in `ServerLogCorpusTests`; these cases pin the inference of each field.
@Suite("log_line_prefix inference")
struct LinePrefixInferenceTests {
    private func infer(_ lines: [String]) -> String? {
        LinePrefixInference.infer(lines.map { Array($0.utf8) })
    }

    @Test(arguments: [
        // upstream default, Debian, pgBadger's, RDS, Cloud SQL, Azure, old RHEL, pganalyze, epoch
        ("%m [%p] ", "2026-12-01 10:00:00.123 UTC [4242] LOG:  duration: 0.1 ms  statement: SELECT 1"),
        ("%m [%p] %u@%d ", "2026-12-01 10:00:00.123 UTC [4242] web@bookstore LOG:  duration: 0.1 ms  statement: SELECT 1"),
        ("%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
         "2026-12-01 10:00:00 UTC [4242]: [3-1] user=web,db=bookstore,app=psql,client=127.0.0.1 LOG:  statement: SELECT 1"),
        ("%t:%r:%u@%d:[%p]:", "2026-12-01 10:00:00 UTC:127.0.0.1(50438):web@bookstore:[4242]:LOG:  statement: SELECT 1"),
        ("%m [%p]: [%l-1] db=%d,user=%u ", "2026-12-01 10:00:00.123 UTC [4242]: [7-1] db=bookstore,user=web LOG:  statement: SELECT 1"),
        ("%t-%c-", "2026-12-01 10:00:00 UTC-6b06ef42.1092-LOG:  statement: SELECT 1"),
        ("< %m >", "< 2026-12-01 10:00:00.123 UTC >LOG:  statement: SELECT 1"),
        ("%m [%p] [user=%u,db=%d,app=%a] ", "2026-12-01 10:00:00.123 UTC [4242] [user=web,db=bookstore,app=bookstore-web] LOG:  statement: SELECT 1"),
        ("%n [%p] ", "1764583200.123 [4242] LOG:  statement: SELECT 1"),
        ("%t [%p-%l] %u@%d ", "2026-12-01 11:00:00 CET [4242-5] web@bookstore LOG:  statement: SELECT 1"),
        ("%m [%p] %u@%d %c %l %v %e %Q ",
         "2026-12-01 10:00:00.123 UTC [4242] web@bookstore 6b06ef42.1092 0 3/45 00000 -4135712341234 LOG:  statement: SELECT 1"),
        ("%m|%p|%i|%i|%i|%r|", "2026-12-01 10:00:00.123 UTC|4242|web|bookstore|bookstore-web|127.0.0.1(50438)|LOG:  statement: SELECT 1"),
        ("sql_error_code = %e ", "sql_error_code = 00000 LOG:  statement: SELECT 1"),
        ("sql_error_code = %e time_ms = \"%m\" pid=\"%p\" ",
         "sql_error_code = 00000 time_ms = \"2026-12-01 10:00:00.123 UTC\" pid=\"4242\" LOG:  statement: SELECT 1"),
        ("", "LOG:  statement: SELECT 1"),
        ("%m [%p] %u@%d ", "2026-12-01 10:00:00.123+01 [4242] web@bookstore ERROR:  relation \"missing_table\" does not exist"),
    ])
    func namesEachFieldByItsShape(expected: String, line: String) {
        #expect(infer([line]) == expected)
        // And it reads the line up to its severity word, which the known candidates do not do better.
        #expect(LinePrefix.detect([Array(line.utf8)])?.prefix.format == expected)
    }

    @Test func backgroundProcessesMarkWherePercentQCuts() {
        let lines = [
            "2026-12-01 10:00:00.100 UTC [11] LOG:  checkpoint starting: time",
            "2026-12-01 10:00:00.123 UTC [4242] web@bookstore LOG:  duration: 0.1 ms  statement: SELECT 1",
            "2026-12-01 10:00:00.124 UTC [4242] web@bookstore LOG:  duration: 0.1 ms  statement: SELECT 2",
        ]
        #expect(infer(lines) == "%m [%p] %q%u@%d ")
        let pganalyze = [
            "2026-12-01 10:00:00.100 UTC [11] LOG:  checkpoint starting: time",
            "2026-12-01 10:00:00.123 UTC [4242] [user=web,db=bookstore,app=x] LOG:  statement: SELECT 1",
            "2026-12-01 10:00:00.124 UTC [4242] [user=web,db=bookstore,app=x] LOG:  statement: SELECT 2",
        ]
        #expect(infer(pganalyze) == "%m [%p] %q[user=%u,db=%d,app=%a] ")
    }

    @Test func continuationLinesAndLinesWithoutASeverityAreNotVotes() {
        let lines = [
            "2026-12-01 10:00:00.123 UTC [4242] LOG:  statement: SELECT a,",
            "\tb FROM t",
            "some unrelated line without a severity word",
        ]
        #expect(infer(lines) == "%m [%p] ")
        #expect(infer(["no severity here", "\tLOG:  indented"]) == nil)
        #expect(infer([]) == nil)
    }

    @Test func severityWordsMustStandAlone() {
        // `CATALOG:  ` holds `LOG:  ` but is not a severity; `LOG: ` with one space is not PostgreSQL's.
        #expect(infer(["2026-12-01 10:00:00.123 UTC [1] CATALOG:  x"]) == nil)
        #expect(infer(["2026-12-01 10:00:00.123 UTC [1] LOG: x"]) == nil)
    }

    @Test func theInferredPrefixWinsTiesWithTheKnownCandidates() throws {
        // `%m [%p] %q%u@%d ` reads these lines too (it stops at %q), but the server was told `%m [%p] `.
        let lines = ["2026-12-01 10:00:00.123 UTC [4242] LOG:  statement: SELECT 1"].map { Array($0.utf8) }
        let detected = try #require(LinePrefix.detect(lines))
        #expect(detected.prefix.format == "%m [%p] ")
        #expect(detected.inferred)
    }
}
