-- Fingerprint classes (handwritten grouping, for FixtureTests): every statement under one
-- "-- class:" line must share one fingerprint, and no two classes may share one. Statements
-- marked "real" are copied byte for byte from the real fixtures beside this file (pgbench.sql,
-- django.sql, rails.sql, sqlalchemy.sql); the others are handwritten variants in the same
-- dialects, to pin down what must and must not merge.

-- class: pgbench account update (real: extended protocol and simple protocol)
UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;
UPDATE pgbench_accounts SET abalance = abalance + -517 WHERE aid = 374707;
UPDATE pgbench_accounts SET abalance = abalance + -713 WHERE aid = 1685;
update pgbench_accounts set abalance = abalance + 4000 where aid = 1;

-- class: pgbench branch update (real)
UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2;
UPDATE pgbench_branches SET bbalance = bbalance + -517 WHERE bid = 4;
UPDATE pgbench_branches SET bbalance = bbalance + -11 WHERE bid = 3;

-- class: pgbench history insert (real)
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP);
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (14, 4, 374707, -517, CURRENT_TIMESTAMP);

-- class: books by id list, any length (Django style)
SELECT "bookstore_book"."id" FROM "bookstore_book" WHERE "bookstore_book"."id" IN (1);
SELECT "bookstore_book"."id" FROM "bookstore_book" WHERE "bookstore_book"."id" IN (1, 2);
SELECT "bookstore_book"."id" FROM "bookstore_book" WHERE "bookstore_book"."id" IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
SELECT bookstore_book.id FROM bookstore_book WHERE bookstore_book.id IN ($1, $2, $3);

-- class: books by one id (the N+1 candidate: must stay apart from the list class)
SELECT "bookstore_book"."id" FROM "bookstore_book" WHERE "bookstore_book"."id" = 1;
SELECT "bookstore_book"."id" FROM "bookstore_book" WHERE "bookstore_book"."id" = $1;
select "bookstore_book"."id" from "bookstore_book" where "bookstore_book"."id" = ?;

-- class: books by id array (already batched)
SELECT * FROM books WHERE id = ANY($1);
SELECT * FROM books WHERE id = ANY(%s);

-- class: books by id array literal
SELECT * FROM books WHERE id = ANY(ARRAY[1, 2, 3]);
SELECT * FROM books WHERE id = ANY(ARRAY[$1]);

-- class: rails author lookup with sqlcommenter and marginalia tags
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2 /*application:Blog,controller:posts,action:index*/;
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2 /*controller='users',action='show'*/;
SELECT authors.* FROM authors WHERE authors.id = 5 LIMIT 1;

-- class: multi-row insert of tags
INSERT INTO tags (name) VALUES ('a'), ('b');
INSERT INTO tags (name) VALUES ('a'), ('b'), ('c'), ('d');
INSERT INTO tags (name) VALUES ($1), ($2), ($3);

-- class: single-row insert of tags (an N+1 write when looped)
INSERT INTO tags (name) VALUES ('a');
INSERT INTO tags (name) VALUES ($1);

-- class: case-sensitive quoted table
SELECT * FROM "Books" WHERE "Books"."ID" = 1;
SELECT * FROM "Books" WHERE "Books"."ID" = 2;

-- class: folded table
SELECT * FROM Books WHERE Books.ID = 1;
SELECT * FROM books WHERE books.id = 2;
SELECT * FROM `books` WHERE [books].`id` = 3;

-- class: count per author
SELECT COUNT(*) AS "__count" FROM "bookstore_book" WHERE "bookstore_book"."author_id" = 1;
SELECT COUNT(*) AS "__count" FROM "bookstore_book" WHERE "bookstore_book"."author_id" = 17;

-- class: books of an author, greater-than
SELECT * FROM books WHERE author_id > 1;

-- class: books of an author, null
SELECT * FROM books WHERE author_id IS NULL;

-- class: keyword case and comments
SELECT id FROM books WHERE genre = 'fiction' ORDER BY published_at DESC LIMIT 20;
select id
  from books -- newest first
 where genre = 'poetry' /* any genre */ order by published_at desc limit 5;
