import QueryLensCore
import Testing

@Suite("Lexer")
struct LexerTests {
    /// One statement per lexical feature, with the token that must come out of it.
    @Test(arguments: [
        ("SELECT 'it''s'", TokenKind.string, "'it''s'"),
        ("SELECT E'a\\'b\\\\'", .escapeString, "E'a\\'b\\\\'"),
        ("SELECT U&'d\\0061t'", .unicodeString, "U&'d\\0061t'"),
        ("SELECT $$a'b;c$$", .dollarString, "$$a'b;c$$"),
        ("SELECT $fn$ x $$ y $fn$", .dollarString, "$fn$ x $$ y $fn$"),
        ("SELECT B'0101'", .bitString, "B'0101'"),
        ("SELECT X'1F'", .bitString, "X'1F'"),
        ("SELECT N'x'", .string, "N'x'"),
        ("SELECT \"a\"\"b\"", .quotedIdentifier, "\"a\"\"b\""),
        ("SELECT U&\"d\\0061t\"", .quotedIdentifier, "U&\"d\\0061t\""),
        ("SELECT `order` FROM t", .quotedIdentifier, "`order`"),
        ("SELECT [order details] FROM t", .quotedIdentifier, "[order details]"),
        ("SELECT 1.5e-3", .number, "1.5e-3"),
        ("SELECT .5", .number, ".5"),
        ("SELECT 0x1F", .number, "0x1F"),
        ("SELECT 1_000", .number, "1_000"),
        ("WHERE a = $12", .parameter, "$12"),
        ("WHERE a = ?", .parameter, "?"),
        ("WHERE a = ?12", .parameter, "?12"),
        ("WHERE a = :name", .parameter, ":name"),
        ("WHERE a = @name", .parameter, "@name"),
        ("WHERE a = $name", .parameter, "$name"),
        ("WHERE a = %s", .parameter, "%s"),
        ("WHERE a = %(author_id)s", .parameter, "%(author_id)s"),
        ("SELECT 1 -- note", .lineComment, "-- note"),
        ("SELECT /* a /* b */ c */ 1", .blockComment, "/* a /* b */ c */"),
        ("SELECT a::int", .operator, "::"),
        ("SELECT d->>'k'", .operator, "->>"),
        ("WHERE d @> '{}'", .operator, "@>"),
        ("SELECT a || b", .operator, "||"),
        ("WHERE a <= 1", .operator, "<="),
        ("WHERE a != 1", .operator, "!="),
        ("WHERE d #>> '{a}'", .operator, "#>>"),
        ("WHERE d ?| array['a']", .operator, "?|"),
        ("WHERE d ? 'k'", .operator, "?"),
        ("WHERE d @? '$.a'", .operator, "@?"),
    ])
    func recognizes(sql: String, kind: TokenKind, text: String) {
        let tokens = lexed(sql)
        #expect(tokens.contains { $0.0 == kind && $0.1 == text }, "\(tokens)")
    }

    @Test func aSubscriptIsNotABracketIdentifier() {
        #expect(lexed("SELECT arr[1] FROM t").map(\.0).contains(.quotedIdentifier) == false)
        #expect(lexed("SELECT ARRAY[a] FROM t").map(\.0).contains(.quotedIdentifier) == false)
        #expect(lexed("SELECT '{}'::int[]").map(\.0).contains(.quotedIdentifier) == false)
    }

    @Test func aMinusBeforeANumberIsNotPartOfTheOperator() {
        let tokens = lexed("WHERE a=-1")
        #expect(tokens.map(\.1) == ["WHERE", "a", "=", "-", "1"])
    }

    @Test func moduloIsNotAFormatParameter() {
        #expect(lexed("SELECT a %s").map(\.0) == [.keyword, .identifier, .operator, .identifier])
    }

    @Test func keywordsAreRecognizedInAnyCase() {
        let tokens = Lexer.tokenize("select FROM wHeRe current_timestamp books")
        #expect(tokens.map(\.keyword) == [.select, .from, .where, .currentTimestamp, .none])
    }

    @Test(arguments: ["SELECT 'abc", "SELECT \"abc", "SELECT /* abc", "SELECT $$abc", "SELECT $q$abc$", "SELECT E'ab\\", "SELECT `abc"])
    func unterminatedRunsToTheEnd(sql: String) {
        let tokens = Lexer.tokenize(sql)
        #expect(tokens.count == 2)
        #expect(Int(tokens[1].end) == sql.utf8.count)
    }

    @Test func unknownBytesBecomeUnknownTokens() {
        let tokens = lexed("SELECT \u{01} \\gset")
        #expect(tokens.map(\.0) == [.keyword, .unknown, .unknown, .identifier])
    }

    @Test func semicolonsInsideStringsDoNotSplit() {
        let statements = StatementSplitter.split("SELECT ';'; /* ; */ SELECT $$;$$;\n-- only a comment;\n")
        #expect(statements == ["SELECT ';'", "/* ; */ SELECT $$;$$"])
    }
}
