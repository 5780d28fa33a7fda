import QueryLensCore
import Testing

@Suite("Statement shape")
struct ShapeTests {
    private func shape(_ sql: String) -> StatementShape { normalized(sql).shape }
    private func column(_ table: String?, _ column: String) -> ColumnReference { ColumnReference(table: table, column: column) }

    @Test func djangoQuotedQualifiedColumns() {
        let result = shape("""
            SELECT "shop_book"."id", "shop_book"."title" FROM "shop_book" WHERE "shop_book"."author_id" = 7 \
            ORDER BY "shop_book"."published_at" DESC LIMIT 21
            """)
        #expect(result.kind == .select)
        #expect(result.tables.map(\.name) == ["shop_book"])
        #expect(result.predicates == [ColumnPredicate(column: column("shop_book", "author_id"), operator: .equality, placeholder: 1, constant: nil, scope: 0)])
        #expect(result.orderBy == [OrderColumn(column: column("shop_book", "published_at"), descending: true, scope: 0)])
        #expect(result.hasLimit && !result.hasOffset)
    }

    @Test func railsPreparedStatement() {
        let result = shape(#"SELECT "books".* FROM "books" WHERE "books"."author_id" = $1 LIMIT $2 OFFSET $3"#)
        #expect(result.predicates.map(\.column) == [column("books", "author_id")])
        #expect(result.predicates.first?.placeholder == 1)
        #expect(result.hasLimit && result.hasOffset)
    }

    @Test func aliasesResolveToTables() {
        let sqlalchemy = shape("SELECT books_1.id, authors_1.name FROM books AS books_1 JOIN authors AS authors_1 ON authors_1.id = books_1.author_id WHERE books_1.genre IN (1, 2)")
        #expect(sqlalchemy.joins == [JoinCondition(left: column("authors", "id"), right: column("books", "author_id"), scope: 0)])
        #expect(sqlalchemy.predicates.map(\.operator) == [.in])
        #expect(sqlalchemy.predicates.first?.column == column("books", "genre"))
        let hibernate = shape("select b1_0.id,b1_0.title from book b1_0 where b1_0.author_id=?")
        #expect(hibernate.predicates.first?.column == column("book", "author_id"))
        #expect(hibernate.tables.first?.alias == "b1_0")
    }

    @Test func schemaQualifiedAndQuotedTableNamesAreNormalized() {
        let result = shape(#"SELECT * FROM "public"."Books" b WHERE b.id = 1"#)
        #expect(result.tables == [TableReference(name: "Books", schema: "public", alias: "b", scope: 0)])
        #expect(result.predicates.first?.column == column("Books", "id"))
    }

    @Test func operatorClasses() {
        let result = shape("""
            SELECT * FROM books WHERE a = $1 AND b = ANY($2) AND c BETWEEN 1 AND 5 AND d LIKE 'abc%' AND e LIKE '%x' \
            AND f IS NULL AND g IS NOT NULL AND h <> 3 AND i >= now() AND j = true
            """)
        #expect(result.predicates.map(\.operator) == [.equality, .in, .range, .likePrefix, .like, .isNull, .isNotNull, .notEqual, .range, .equality])
        #expect(result.predicates.map(\.column.column) == ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])
        #expect(result.predicates.last?.constant == "true")
    }

    @Test func valueOnTheLeft() {
        #expect(shape("SELECT * FROM t WHERE $1 = author_id").predicates.first?.column == column("t", "author_id"))
    }

    @Test func subqueriesHaveTheirOwnScope() {
        let result = shape("SELECT * FROM authors a WHERE a.id IN (SELECT b.author_id FROM books b WHERE b.genre = $1) ORDER BY a.name")
        #expect(result.tables.map(\.name) == ["authors", "books"])
        #expect(result.tables.map(\.scope) == [0, 1])
        #expect(result.predicates.contains { $0.column == column("books", "genre") && $0.scope == 1 })
        #expect(result.orderBy.map(\.column) == [column("authors", "name")])
    }

    @Test func ctesAreNotTables() {
        let result = shape("WITH recent AS (SELECT * FROM orders WHERE created_at > $1) SELECT customer_id FROM recent WHERE customer_id = $2")
        #expect(result.kind == .select)
        #expect(result.tables.map(\.name) == ["orders"])
        #expect(result.predicates.map(\.column) == [column("orders", "created_at"), column(nil, "customer_id")])
    }

    @Test func windowOrderIsNotTheQueryOrder() {
        let result = shape("SELECT id, row_number() OVER (PARTITION BY author_id ORDER BY published_at) FROM books ORDER BY id")
        #expect(result.orderBy.map(\.column.column) == ["id"])
    }

    @Test func unqualifiedColumnsWithSeveralTablesHaveNoTable() {
        let result = shape("SELECT * FROM books, authors WHERE author_id = $1")
        #expect(result.predicates.first?.column == column(nil, "author_id"))
    }

    @Test func writes() {
        let insert = shape("INSERT INTO books (title, author_id, created_at) VALUES ($1, $2, now()) RETURNING id")
        #expect(insert.kind == .insert)
        #expect(insert.writes == [
            ColumnWrite(column: column("books", "title"), placeholder: 1), ColumnWrite(column: column("books", "author_id"), placeholder: 2),
            ColumnWrite(column: column("books", "created_at"), placeholder: nil),
        ])
        let update = shape("UPDATE pgbench_accounts SET abalance = abalance + -2505 WHERE aid = 839361")
        #expect(update.kind == .update)
        #expect(update.writes == [ColumnWrite(column: column("pgbench_accounts", "abalance"), placeholder: nil)])
        #expect(update.predicates.first?.column == column("pgbench_accounts", "aid"))
        let delete = shape("DELETE FROM reviews r USING books b WHERE r.book_id = b.id AND b.author_id = $1")
        #expect(delete.kind == .delete)
        #expect(delete.tables.map(\.name) == ["reviews", "books"])
        #expect(delete.joins.count == 1)
    }

    @Test func lockingClausesAndUpsertsAreNotTables() {
        #expect(shape("SELECT * FROM jobs WHERE id = $1 FOR UPDATE").tables.map(\.name) == ["jobs"])
        #expect(shape("INSERT INTO c (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = excluded.v").tables.map(\.name) == ["c"])
    }

    @Test func theSelectListWhenItIsPlainColumns() {
        #expect(shape("SELECT b.id, b.title AS name FROM books b WHERE b.author_id = $1").selected == [column("books", "id"), column("books", "title")])
        #expect(shape("SELECT * FROM books").selected == nil)
        #expect(shape("SELECT count(*) FROM books").selected == nil)
        #expect(shape("UPDATE books SET title = $1").selected == nil)
    }

    @Test func otherStatements() {
        #expect(shape("BEGIN").kind == .other)
        #expect(shape("CREATE INDEX i ON books (genre)").tables.map(\.name) == ["books"])
        #expect(shape("").kind == .other)
    }
}
