import ArgumentParser
import Foundation
import QueryLensCore

/// `querylens sql`: shows what the SQL core sees, for users checking why two statements are
/// (or are not) grouped, and for maintainers.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Show how QueryLens reads SQL: tokens, normalized text, fingerprints, shapes.",
        discussion: """
            Each subcommand reads SQL from its argument, from --file, or from standard input \
            (no argument, or -). A file or stream may hold several statements separated by ';'.

            Examples:
              querylens sql normalize "select * from \\"books\\" where author_id = 42"
              querylens sql fingerprint --file Fixtures/demo/queries.sql
              querylens sql shape "SELECT b.* FROM books b WHERE b.author_id IN (1, 2, 3)"
            """,
        subcommands: [Tokens.self, Normalize.self, FingerprintCommand.self, Shape.self]
    )
}

/// Where the SQL comes from; shared by every `sql` subcommand.
struct SQLInput: ParsableArguments {
    @Argument(help: "The SQL text, or - for standard input. Omit it to read --file or standard input.")
    var statement: String?

    @Option(name: .shortAndLong, help: "Read the SQL from this file.")
    var file: String?

    func validate() throws {
        if statement != nil && file != nil {
            throw ValidationError("Give the SQL either as an argument or with --file, not both.")
        }
    }

    /// The statements to show, split at top-level semicolons.
    func statements() throws -> [String] {
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("cannot read \(file)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else if let statement, statement != "-" {
            text = statement
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        return StatementSplitter.split(text)
    }
}

/// A failure to run (exit code 2), reported as one line on standard error.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = "querylens: \(description)" }
}

extension SQLCommand {
    struct Tokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each token: byte offset, kind, text.")

        @OptionGroup var input: SQLInput

        func run() throws {
            for (number, statement) in try runOrExit({ try input.statements() }).enumerated() {
                if number > 0 { print("") }
                let bytes = Array(statement.utf8)
                for token in Lexer.tokenize(statement) {
                    let text = String(decoding: bytes[token.range], as: UTF8.self)
                    print("\(token.start)\t\(token.kind.name)\t\(text)")
                }
            }
        }
    }

    struct Normalize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the normalized text of each statement, with its comment tags.",
            discussion: "Literal values are personal data in many logs: --json shows them only with --show-values.")

        @OptionGroup var input: SQLInput

        @Flag(help: "Print one JSON object per statement: text, fingerprint, tags, placeholders, keys per execution.")
        var json = false

        @Flag(help: "Include the literal values that placeholders replaced (redacted by default).")
        var showValues = false

        func run() throws {
            var normalizer = Normalizer()
            for statement in try runOrExit({ try input.statements() }) {
                let normalized = normalizer.normalize(statement)
                if json {
                    print(try jsonLine(NormalizedJSON(normalized, showValues: showValues)))
                } else {
                    print(normalized.text)
                    if !normalized.tags.isEmpty {
                        print("  tags: " + normalized.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
                    }
                }
            }
        }
    }

    struct FingerprintCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fingerprint",
            abstract: "Print each statement's fingerprint and normalized text, tab-separated.")

        @OptionGroup var input: SQLInput

        func run() throws {
            var normalizer = Normalizer()
            for statement in try runOrExit({ try input.statements() }) {
                let normalized = normalizer.normalize(statement)
                print("\(normalized.fingerprint)\t\(normalized.text)")
            }
        }
    }

    struct Shape: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each statement's shape as JSON: kind, tables, predicates, joins, order, limit.")

        @OptionGroup var input: SQLInput

        func run() throws {
            var normalizer = Normalizer()
            for statement in try runOrExit({ try input.statements() }) {
                print(try jsonLine(normalizer.normalize(statement).shape, pretty: true))
            }
        }
    }
}

/// The JSON of `sql normalize --json`.
struct NormalizedJSON: Encodable {
    var text: String
    var fingerprint: Fingerprint
    var tags: [CommentTag]
    var placeholders: [Placeholder]
    var keysPerExecution: Int?

    init(_ statement: NormalizedStatement, showValues: Bool) {
        text = statement.text
        fingerprint = statement.fingerprint
        tags = statement.tags
        keysPerExecution = statement.keysPerExecution
        placeholders = statement.placeholders.map { placeholder in
            var copy = placeholder
            if !showValues {
                copy.values = copy.values.map { $0.isParameter ? $0 : PlaceholderValue(isParameter: false, text: "<redacted>") }
            }
            return copy
        }
    }
}

func jsonLine<Value: Encodable>(_ value: Value, pretty: Bool = false) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Runs a step whose failure means the command could not run: one line on stderr, exit 2.
func runOrExit<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let failure as CommandFailure {
        FileHandle.standardError.write(Data((failure.description + "\n").utf8))
        throw ExitCode(2)
    }
}
