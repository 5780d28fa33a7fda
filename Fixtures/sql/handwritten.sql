-- HANDWRITTEN: every statement in this file was written by hand (not produced by a tool) to
-- cover lexical and syntactic edge cases: PostgreSQL, MySQL and SQLite quoting, numbers,
-- placeholder styles, nested comments, operators, JSONB, CTEs, LATERAL, ORM alias styles,
-- sqlcommenter and marginalia comments, DDL and write statements.
-- Statements end with a semicolon at the end of a line. A semicolon inside a literal,
-- comment or dollar-quoted body is never directly followed by a newline, so splitting on
-- semicolon-newline is safe for this file, while a lexer still sees semicolons in bodies.
-- Not every statement is valid on one single engine (SQLite, MySQL and PostgreSQL syntax mix).

SELECT E'line1\nline2\ttab \'quoted\' back\\slash' AS esc;
SELECT e'\x41\101\u00e9' AS hex_oct_unicode, 'it''s' AS doubled_quote;
SELECT U&'d\0061t\+000061' AS unicode_escape, U&'\0441\043B\043E\043D' UESCAPE '\' AS slon;
SELECT 'multi'
  'line continuation' AS joined;
CREATE FUNCTION add_one(i integer) RETURNS integer AS $$ BEGIN RETURN i + 1; END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION audit_books() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  INSERT INTO audit_log(tbl, op, at) VALUES ('books', TG_OP, now()); -- a comment with 'quote
  RAISE NOTICE 'contains $$ and ; inside a tagged body'; RETURN NEW; -- done
END
$body$;
SELECT $$it's $1 not a param; -- not a comment$$ AS dollar, $a$ $b$ nested-looking $b$ $a$ AS tagged;
SELECT B'10101' AS bits, b'0011', X'1F2E' AS bytes, x'ff', '\xDEADBEEF'::bytea;
SELECT "weird ""quoted"" name", "Mixed Case", "select" FROM "My Table" AS "t""1";
SELECT `id`, `user name` FROM `users` WHERE `deleted_at` IS NULL;
SELECT [id], [Order Details].[Unit Price] FROM [Order Details] WHERE [Quantity] > 5;
SELECT 42, -7, 3.14, 1.5e-3, 2E+10, .5, 5., 0x1F, 0o17, 0b1010, 1_000_000, 1_000.000_1 FROM numbers;
SELECT * FROM books WHERE author_id = $1 AND genre = $2 AND price < $10;
SELECT * FROM books WHERE author_id = ? AND genre = ? LIMIT ?;
SELECT * FROM books WHERE author_id = ?12 AND id = ?1;
SELECT * FROM books WHERE author_id = :author_id AND title LIKE :pattern AND x::text = '1';
SELECT * FROM books WHERE author_id = @author_id AND genre = @genre;
SELECT * FROM books WHERE author_id = $author_id AND genre = $genre;
SELECT * FROM books WHERE title = %s AND genre = %(genre)s;
SELECT /* outer /* inner ; still comment */ back in outer */ 1 AS one;
SELECT 1 -- trailing comment with 'quote and "dq" and ; semicolon
  + 2 AS three;
/* leading block comment */ SELECT id FROM books /* mid */ WHERE /**/ id = 1;
SELECT id::text, price::numeric(10,2), data->>'name', data->'tags'->0, data#>>'{a,b}', data#>'{a}' FROM docs;
SELECT * FROM docs WHERE data @> '{"status":"active"}'::jsonb AND data ? 'email' AND tags <@ ARRAY['a','b'];
SELECT first || ' ' || last FROM people WHERE age <= 30 AND age >= 18 AND status != 'x' AND kind <> 'y';
SELECT a % b, a ^ 2, |/ 16, @ -5, a & b, a | b, a << 2, a >> 1, ~a FROM bits;
SELECT * FROM t WHERE name ~* '^ab' AND name !~ 'z$' AND name ILIKE '%x%' AND name SIMILAR TO '(a|b)%';
SELECT jsonb_build_object('id', b.id, 'title', b.title) FROM books b WHERE b.meta ?| ARRAY['x','y'] AND b.meta ?& ARRAY['z'];
SELECT jsonb_path_query(doc, '$.items[*] ? (@.price > 10)') FROM orders WHERE doc @? '$.items[*] ? (@.qty > 1)';
SELECT id, title, row_number() OVER (PARTITION BY author_id ORDER BY published_at DESC) AS rn,
       sum(price) OVER w AS running, lag(price, 1, 0) OVER w AS prev
FROM books
WINDOW w AS (PARTITION BY author_id ORDER BY published_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);
WITH RECURSIVE tree(id, parent_id, depth, path) AS (
  SELECT id, parent_id, 0, ARRAY[id] FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.parent_id, t.depth + 1, t.path || c.id FROM categories c JOIN tree t ON c.parent_id = t.id
)
SELECT * FROM tree ORDER BY path;
WITH recent AS MATERIALIZED (SELECT * FROM orders WHERE created_at > now() - interval '7 days')
SELECT customer_id, count(*) FROM recent GROUP BY customer_id HAVING count(*) > 2;
SELECT a.id, a.name, latest.title
FROM authors a
CROSS JOIN LATERAL (SELECT b.title FROM books b WHERE b.author_id = a.id ORDER BY b.published_at DESC LIMIT 3) AS latest;
SELECT a.id FROM authors a LEFT JOIN LATERAL (SELECT count(*) AS n FROM books b WHERE b.author_id = a.id) c ON true WHERE c.n = 0;
select b1_0.id,b1_0.title from book b1_0 where b1_0.author_id=?;
select b1_0.id,a1_0.id,a1_0.name,b1_0.title from book b1_0 join author a1_0 on a1_0.id=b1_0.author_id where b1_0.id in (?,?,?);
select r1_0.book_id,r1_0.id,r1_0.stars from review r1_0 where r1_0.book_id=?;
select count(*) from book b1_0 where b1_0.published_at>? offset ? rows fetch first ? rows only;
SELECT * FROM users WHERE id = 42 /*controller='users',action='show',traceparent='00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'*/;
SELECT * FROM polls_question /*controller='index',db_driver='django.db.backends.postgresql',framework='django%3A4.2',route='%5Epolls/%24'*/;
SELECT "posts".* FROM "posts" ORDER BY "posts"."created_at" DESC LIMIT 10 /*application:Blog,controller:posts,action:index*/;
/*application:Blog,controller:posts,action:show,line:/app/controllers/posts_controller.rb:12*/ SELECT "posts".* FROM "posts" WHERE "posts"."id" = $1 LIMIT $2;
CREATE TABLE IF NOT EXISTS books (
  id bigserial PRIMARY KEY,
  title text NOT NULL CHECK (length(title) > 0),
  author_id bigint NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  genre varchar(30) DEFAULT 'fiction',
  price numeric(8,2) DEFAULT 0.00,
  meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  published_at timestamptz
);
CREATE INDEX CONCURRENTLY IF NOT EXISTS books_genre_published_idx ON books (genre, published_at DESC) WHERE price > 0;
CREATE UNIQUE INDEX books_lower_title_idx ON books USING btree (lower(title)) INCLUDE (author_id);
CREATE INDEX books_meta_gin ON books USING gin (meta jsonb_path_ops);
ALTER TABLE books ADD COLUMN isbn char(13), ALTER COLUMN genre SET NOT NULL, DROP COLUMN IF EXISTS legacy;
ALTER TABLE ONLY books ADD CONSTRAINT books_isbn_key UNIQUE (isbn);
DROP INDEX CONCURRENTLY IF EXISTS books_old_idx;
INSERT INTO counters (key, value) VALUES ('visits', 1) ON CONFLICT (key) DO UPDATE SET value = counters.value + EXCLUDED.value RETURNING value;
INSERT INTO tags (name) VALUES ('a'), ('b'), ('c') ON CONFLICT ON CONSTRAINT tags_name_key DO NOTHING;
INSERT INTO books (title, author_id) SELECT title, 7 FROM staging_books WHERE imported = false;
INSERT INTO `users` (`name`, `email`) VALUES ('x', 'x@example.com') ON DUPLICATE KEY UPDATE `name` = VALUES(`name`);
INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?);
UPDATE books b SET price = p.new_price FROM price_updates p WHERE p.book_id = b.id AND p.applied_at IS NULL;
UPDATE accounts SET balance = balance - 100.00 WHERE id = 1 RETURNING id, balance;
DELETE FROM reviews r USING books b WHERE r.book_id = b.id AND b.author_id = 3;
DELETE FROM sessions WHERE expires_at < now() - INTERVAL '1 day' RETURNING *;
SELECT * FROM books WHERE id = ANY(ARRAY[1,2,3]);
SELECT * FROM books WHERE id = ANY($1) AND genre <> ALL('{poetry,travel}'::text[]);
SELECT * FROM books WHERE id = ANY($1::bigint[]);
SELECT * FROM books WHERE id IN (1);
SELECT * FROM books WHERE id IN (1, 2);
SELECT * FROM books WHERE id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
SELECT * FROM books WHERE (author_id, genre) IN ((1, 'fiction'), (2, 'poetry'));
SELECT * FROM books WHERE genre NOT IN ('a', 'b') AND id IN (SELECT book_id FROM reviews WHERE stars = 5);
SELECT * FROM books WHERE id IN ($1, $2, $3);
SELECT * FROM books WHERE id IN (?, ?, ?, ?);
SELECT count(*) FILTER (WHERE stars >= 4) AS good, percentile_cont(0.5) WITHIN GROUP (ORDER BY stars) FROM reviews;
SELECT DISTINCT ON (author_id) author_id, title FROM books ORDER BY author_id, published_at DESC;
SELECT * FROM books TABLESAMPLE SYSTEM (10) FOR UPDATE SKIP LOCKED;
SELECT CASE WHEN price > 20 THEN 'high' WHEN price > 10 THEN 'mid' ELSE 'low' END AS band, COALESCE(genre, 'n/a') FROM books;
SELECT CAST('2024-01-01' AS date), DATE '2024-01-01', TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00', INTERVAL '1 hour';
SELECT * FROM generate_series(1, 10) AS g(n) WHERE n % 2 = 0;
VALUES (1, 'one'), (2, 'two');
SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 2 EXCEPT SELECT 3;
EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT * FROM books WHERE genre = 'fiction' ORDER BY published_at DESC LIMIT 20;
PREPARE get_book(bigint) AS SELECT * FROM books WHERE id = $1;
EXECUTE get_book(17);
BEGIN ISOLATION LEVEL SERIALIZABLE;
SAVEPOINT sp1;
ROLLBACK TO SAVEPOINT sp1;
COMMIT;
SET search_path TO public, "$user";
COPY books (id, title) FROM STDIN WITH (FORMAT csv, HEADER true);
SELECT 'semicolon; inside a string' AS s, "col;name" FROM t;
SELECT '''' AS single_quote;
