-- Source: ActiveRecord 6.1.7.10 (Debian package ruby-activerecord 2:6.1.7.10+dfsg-1~deb12u3), ruby-pg 1.4.5, Ruby 3.1.2
-- No Rails application: a plain script that requires active_record and uses the postgresql adapter.
-- Server: PostgreSQL 15 throwaway cluster with log_statement = 'all' and csvlog output.
-- Command: ruby Fixtures/sql/generate/activerecord_gen/run_activerecord.rb setup, then
--   ruby Fixtures/sql/generate/activerecord_gen/run_activerecord.rb queries
--   then python Fixtures/sql/generate/pglog_extract.py pg.csv railsdb ar-queries rails.sql --last-session
-- ActiveRecord uses prepared statements, so most statements are the server's execute lines
-- with $1 placeholders (bound values are not shown). Statements it sends without binds
-- (raw SQL string fragments, insert_all, upsert_all, schema queries) have literals inlined. Order is execution order.
-- None is handwritten.

SET client_min_messages TO 'warning';
SET standard_conforming_strings = on;
SET intervalstyle = iso_8601;
SET SESSION timezone TO 'UTC';
SELECT t.oid, t.typname
FROM pg_type as t
WHERE t.typname IN ('int2', 'int4', 'int8', 'oid', 'float4', 'float8', 'numeric', 'bool', 'timestamp', 'timestamptz');
SELECT t.oid, t.typname, t.typelem, t.typdelim, t.typinput, r.rngsubtype, t.typtype, t.typbasetype
FROM pg_type as t
LEFT JOIN pg_range as r ON oid = rngtypid
WHERE
  t.typname IN ('int2', 'int4', 'int8', 'oid', 'float4', 'float8', 'text', 'varchar', 'char', 'name', 'bpchar', 'bool', 'bit', 'varbit', 'timestamptz', 'date', 'money', 'bytea', 'point', 'hstore', 'json', 'jsonb', 'cidr', 'inet', 'uuid', 'xml', 'tsvector', 'macaddr', 'citext', 'ltree', 'line', 'lseg', 'box', 'path', 'polygon', 'circle', 'time', 'timestamp', 'numeric', 'interval')
  OR t.typtype IN ('r', 'e', 'd')
  OR t.typinput = 'array_in(cstring,oid,integer)'::regprocedure
  OR t.typelem != 0;
SHOW TIME ZONE;
SELECT 1;
SELECT c.relname FROM pg_class c LEFT JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r','v','m','p','f');
SELECT a.attname
  FROM (
         SELECT indrelid, indkey, generate_subscripts(indkey, 1) idx
           FROM pg_index
          WHERE indrelid = '"authors"'::regclass
            AND indisprimary
       ) i
  JOIN pg_attribute a
    ON a.attrelid = i.indrelid
   AND a.attnum = i.indkey[i.idx]
 ORDER BY i.idx;
SELECT a.attname, format_type(a.atttypid, a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.atttypid, a.atttypmod,
       c.collname, col_description(a.attrelid, a.attnum) AS comment
  FROM pg_attribute a
  LEFT JOIN pg_attrdef d ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  LEFT JOIN pg_type t ON a.atttypid = t.oid
  LEFT JOIN pg_collation c ON a.attcollation = c.oid AND a.attcollation <> t.typcollation
 WHERE a.attrelid = '"authors"'::regclass
   AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum;
SHOW max_identifier_length;
SHOW search_path;
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2;
SELECT "authors".* FROM "authors" WHERE "authors"."id" IN ($1, $2, $3);
SELECT "authors".* FROM "authors" WHERE "authors"."email" = $1 LIMIT $2;
SELECT "authors".* FROM "authors" ORDER BY "authors"."id" ASC LIMIT $1;
SELECT a.attname, format_type(a.atttypid, a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.atttypid, a.atttypmod,
       c.collname, col_description(a.attrelid, a.attnum) AS comment
  FROM pg_attribute a
  LEFT JOIN pg_attrdef d ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  LEFT JOIN pg_type t ON a.atttypid = t.oid
  LEFT JOIN pg_collation c ON a.attcollation = c.oid AND a.attcollation <> t.typcollation
 WHERE a.attrelid = '"books"'::regclass
   AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum;
SELECT "books".* FROM "books" WHERE "books"."author_id" = $1;
SELECT a.attname
  FROM (
         SELECT indrelid, indkey, generate_subscripts(indkey, 1) idx
           FROM pg_index
          WHERE indrelid = '"books"'::regclass
            AND indisprimary
       ) i
  JOIN pg_attribute a
    ON a.attrelid = i.indrelid
   AND a.attnum = i.indkey[i.idx]
 ORDER BY i.idx;
SELECT "books".* FROM "books" WHERE "books"."genre_id" IN ($1, $2) AND "books"."pages" IS NOT NULL;
SELECT "books".* FROM "books" WHERE (title ILIKE '%book 1%');
SELECT "books".* FROM "books" WHERE "books"."published_at" BETWEEN $1 AND $2;
SELECT "books".* FROM "books" WHERE "books"."genre_id" IS NULL;
SELECT "books".* FROM "books" WHERE "books"."id" = $1;
SELECT "books".* FROM "books" WHERE "books"."id" IN ($1, $2, $3, $4, $5);
SELECT "books".* FROM "books" WHERE "books"."id" IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20);
SELECT "books".* FROM "books" WHERE ("books"."author_id" = $1 OR "books"."pages" BETWEEN $2 AND $3);
SELECT "books".* FROM "books" WHERE (published_at > '2010-01-01 00:00:00') ORDER BY "books"."published_at" DESC LIMIT $1;
SELECT "books".* FROM "books" ORDER BY "books"."title" ASC LIMIT $1 OFFSET $2;
SELECT 1 AS one FROM "authors" WHERE "authors"."country" = $1 LIMIT $2;
SELECT COUNT(*) FROM "books";
SELECT COUNT(*) FROM "books" WHERE "books"."genre_id" = $1;
SELECT COUNT(*) AS count_all, "books"."author_id" AS books_author_id FROM "books" GROUP BY "books"."author_id";
SELECT AVG("books"."price") AS average_price, "books"."genre_id" AS books_genre_id FROM "books" GROUP BY "books"."genre_id";
SELECT MAX("books"."pages") FROM "books";
SELECT "books"."title" FROM "books";
SELECT "authors"."id", "authors"."name" FROM "authors" WHERE "authors"."country" = $1;
SELECT DISTINCT "books"."genre_id" FROM "books";
SELECT "books".* FROM "books" ORDER BY "books"."id" ASC LIMIT $1;
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2;
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2;
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2;
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2;
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2;
SELECT "authors".* FROM "authors" ORDER BY "authors"."id" ASC LIMIT $1;
SELECT COUNT(*) FROM "books" WHERE "books"."author_id" = $1;
SELECT COUNT(*) FROM "books" WHERE "books"."author_id" = $1;
SELECT COUNT(*) FROM "books" WHERE "books"."author_id" = $1;
SELECT "books".* FROM "books" LIMIT $1;
SELECT "authors".* FROM "authors" WHERE "authors"."id" IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
SELECT "authors".* FROM "authors" WHERE "authors"."country" = $1;
SELECT "books".* FROM "books" WHERE "books"."author_id" IN ($1, $2, $3);
SELECT a.attname, format_type(a.atttypid, a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.atttypid, a.atttypmod,
       c.collname, col_description(a.attrelid, a.attnum) AS comment
  FROM pg_attribute a
  LEFT JOIN pg_attrdef d ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  LEFT JOIN pg_type t ON a.atttypid = t.oid
  LEFT JOIN pg_collation c ON a.attcollation = c.oid AND a.attcollation <> t.typcollation
 WHERE a.attrelid = '"books_tags"'::regclass
   AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum;
SELECT "books_tags".* FROM "books_tags" WHERE "books_tags"."book_id" IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);
SELECT a.attname
  FROM (
         SELECT indrelid, indkey, generate_subscripts(indkey, 1) idx
           FROM pg_index
          WHERE indrelid = '"books_tags"'::regclass
            AND indisprimary
       ) i
  JOIN pg_attribute a
    ON a.attrelid = i.indrelid
   AND a.attnum = i.indkey[i.idx]
 ORDER BY i.idx;
SELECT a.attname
  FROM (
         SELECT indrelid, indkey, generate_subscripts(indkey, 1) idx
           FROM pg_index
          WHERE indrelid = '"tags"'::regclass
            AND indisprimary
       ) i
  JOIN pg_attribute a
    ON a.attrelid = i.indrelid
   AND a.attnum = i.indkey[i.idx]
 ORDER BY i.idx;
SELECT a.attname, format_type(a.atttypid, a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.atttypid, a.atttypmod,
       c.collname, col_description(a.attrelid, a.attnum) AS comment
  FROM pg_attribute a
  LEFT JOIN pg_attrdef d ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  LEFT JOIN pg_type t ON a.atttypid = t.oid
  LEFT JOIN pg_collation c ON a.attcollation = c.oid AND a.attcollation <> t.typcollation
 WHERE a.attrelid = '"tags"'::regclass
   AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum;
SELECT "tags".* FROM "tags" WHERE "tags"."id" IN ($1, $2, $3);
SELECT a.attname, format_type(a.atttypid, a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.atttypid, a.atttypmod,
       c.collname, col_description(a.attrelid, a.attnum) AS comment
  FROM pg_attribute a
  LEFT JOIN pg_attrdef d ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  LEFT JOIN pg_type t ON a.atttypid = t.oid
  LEFT JOIN pg_collation c ON a.attcollation = c.oid AND a.attcollation <> t.typcollation
 WHERE a.attrelid = '"genres"'::regclass
   AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum;
SELECT a.attname
  FROM (
         SELECT indrelid, indkey, generate_subscripts(indkey, 1) idx
           FROM pg_index
          WHERE indrelid = '"genres"'::regclass
            AND indisprimary
       ) i
  JOIN pg_attribute a
    ON a.attrelid = i.indrelid
   AND a.attnum = i.indkey[i.idx]
 ORDER BY i.idx;
SELECT "books"."id" AS t0_r0, "books"."title" AS t0_r1, "books"."author_id" AS t0_r2, "books"."genre_id" AS t0_r3, "books"."published_at" AS t0_r4, "books"."price" AS t0_r5, "books"."pages" AS t0_r6, "books"."created_at" AS t0_r7, "books"."updated_at" AS t0_r8, "authors"."id" AS t1_r0, "authors"."name" AS t1_r1, "authors"."email" AS t1_r2, "authors"."country" AS t1_r3, "authors"."created_at" AS t1_r4, "authors"."updated_at" AS t1_r5, "genres"."id" AS t2_r0, "genres"."name" AS t2_r1 FROM "books" LEFT OUTER JOIN "authors" ON "authors"."id" = "books"."author_id" LEFT OUTER JOIN "genres" ON "genres"."id" = "books"."genre_id" WHERE "genres"."name" = $1;
SELECT a.attname, format_type(a.atttypid, a.atttypmod),
       pg_get_expr(d.adbin, d.adrelid), a.attnotnull, a.atttypid, a.atttypmod,
       c.collname, col_description(a.attrelid, a.attnum) AS comment
  FROM pg_attribute a
  LEFT JOIN pg_attrdef d ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  LEFT JOIN pg_type t ON a.atttypid = t.oid
  LEFT JOIN pg_collation c ON a.attcollation = c.oid AND a.attcollation <> t.typcollation
 WHERE a.attrelid = '"reviews"'::regclass
   AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum;
SELECT "books"."id" AS t0_r0, "books"."title" AS t0_r1, "books"."author_id" AS t0_r2, "books"."genre_id" AS t0_r3, "books"."published_at" AS t0_r4, "books"."price" AS t0_r5, "books"."pages" AS t0_r6, "books"."created_at" AS t0_r7, "books"."updated_at" AS t0_r8, "reviews"."id" AS t1_r0, "reviews"."book_id" AS t1_r1, "reviews"."reviewer" AS t1_r2, "reviews"."stars" AS t1_r3, "reviews"."created_at" AS t1_r4, "reviews"."updated_at" AS t1_r5 FROM "books" LEFT OUTER JOIN "reviews" ON "reviews"."book_id" = "books"."id" WHERE (reviews.stars >= 4);
SELECT a.attname
  FROM (
         SELECT indrelid, indkey, generate_subscripts(indkey, 1) idx
           FROM pg_index
          WHERE indrelid = '"reviews"'::regclass
            AND indisprimary
       ) i
  JOIN pg_attribute a
    ON a.attrelid = i.indrelid
   AND a.attnum = i.indkey[i.idx]
 ORDER BY i.idx;
SELECT "books".* FROM "books" INNER JOIN "authors" ON "authors"."id" = "books"."author_id" WHERE "authors"."country" = $1;
SELECT authors.*, COUNT(books.id) AS books_count FROM "authors" INNER JOIN "books" ON "books"."author_id" = "authors"."id" GROUP BY "authors"."id" HAVING (COUNT(books.id) > 3);
SELECT "authors".* FROM "authors" LEFT OUTER JOIN "books" ON "books"."author_id" = "authors"."id" WHERE "books"."id" IS NULL;
SELECT DISTINCT "authors".* FROM "authors" INNER JOIN "books" ON "books"."author_id" = "authors"."id" INNER JOIN "reviews" ON "reviews"."book_id" = "books"."id";
SELECT "books".* FROM "books" WHERE "books"."author_id" IN (SELECT "authors"."id" FROM "authors" WHERE "authors"."country" = $1);
SELECT "books".* FROM "books" WHERE (EXISTS (SELECT 1 FROM reviews WHERE reviews.book_id = books.id AND reviews.stars = 5));
SELECT "books".* FROM "books" ORDER BY "books"."id" ASC LIMIT $1;
SELECT "books".* FROM "books" WHERE "books"."id" > $1 ORDER BY "books"."id" ASC LIMIT $2;
SELECT "books".* FROM "books" WHERE "books"."id" > $1 ORDER BY "books"."id" ASC LIMIT $2;
SELECT "books"."id" FROM "books" ORDER BY "books"."id" ASC LIMIT $1;
UPDATE "books" SET "pages" = $1 WHERE "books"."id" IN ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21);
SELECT "books"."id" FROM "books" WHERE "books"."id" > $1 ORDER BY "books"."id" ASC LIMIT $2;
UPDATE "books" SET "pages" = $1 WHERE "books"."id" IN ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21);
SELECT "books"."id" FROM "books" WHERE "books"."id" > $1 ORDER BY "books"."id" ASC LIMIT $2;
UPDATE "books" SET price = price * 1.1 WHERE "books"."genre_id" = $1;
UPDATE "authors" SET "country" = $1, "updated_at" = $2 WHERE "authors"."id" = $3;
SELECT "authors".* FROM "authors" WHERE "authors"."id" = $1 LIMIT $2;
BEGIN;
UPDATE "authors" SET "name" = $1, "updated_at" = $2 WHERE "authors"."id" = $3;
COMMIT;
SELECT "books".* FROM "books" WHERE "books"."id" = $1 LIMIT $2;
UPDATE "books" SET "pages" = COALESCE("pages", 0) + $1 WHERE "books"."id" = $2;
SELECT distinct i.relname, d.indisunique, d.indkey, pg_get_indexdef(d.indexrelid), t.oid,
                pg_catalog.obj_description(i.oid, 'pg_class') AS comment
FROM pg_class t
INNER JOIN pg_index d ON t.oid = d.indrelid
INNER JOIN pg_class i ON d.indexrelid = i.oid
LEFT JOIN pg_namespace n ON n.oid = i.relnamespace
WHERE i.relkind IN ('i', 'I')
  AND d.indisprimary = 'f'
  AND t.relname = 'tags'
  AND n.nspname = ANY (current_schemas(false))
ORDER BY i.relname;
INSERT INTO "tags" ("name") VALUES ('bulk1'), ('bulk2'), ('bulk3') ON CONFLICT  DO NOTHING RETURNING "id";
SELECT distinct i.relname, d.indisunique, d.indkey, pg_get_indexdef(d.indexrelid), t.oid,
                pg_catalog.obj_description(i.oid, 'pg_class') AS comment
FROM pg_class t
INNER JOIN pg_index d ON t.oid = d.indrelid
INNER JOIN pg_class i ON d.indexrelid = i.oid
LEFT JOIN pg_namespace n ON n.oid = i.relnamespace
WHERE i.relkind IN ('i', 'I')
  AND d.indisprimary = 'f'
  AND t.relname = 'authors'
  AND n.nspname = ANY (current_schemas(false))
ORDER BY i.relname;
INSERT INTO "authors" ("id","name","email","country","created_at","updated_at") VALUES (3, 'Author 3b', 'a3@example.com', 'DE', '2024-06-01 00:00:00', '2024-06-01 00:00:00') ON CONFLICT ("id") DO UPDATE SET "name"=excluded."name","email"=excluded."email","country"=excluded."country","created_at"=excluded."created_at","updated_at"=excluded."updated_at" RETURNING "id";
BEGIN;
INSERT INTO "authors" ("name", "email", "country", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $5) RETURNING "id";
COMMIT;
BEGIN;
INSERT INTO "books" ("title", "author_id", "published_at", "price", "pages", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id";
COMMIT;
BEGIN;
SELECT "authors".* FROM "authors" WHERE "authors"."email" = $1 LIMIT $2;
INSERT INTO "authors" ("name", "email", "created_at", "updated_at") VALUES ($1, $2, $3, $4) RETURNING "id";
SAVEPOINT active_record_1;
INSERT INTO "genres" ("name") VALUES ($1) RETURNING "id";
ROLLBACK TO SAVEPOINT active_record_1;
COMMIT;
BEGIN;
SELECT "books".* FROM "books" WHERE "books"."author_id" = $1;
DELETE FROM "reviews" WHERE "reviews"."book_id" = $1;
DELETE FROM "books_tags" WHERE "books_tags"."book_id" = $1;
DELETE FROM "books" WHERE "books"."id" = $1;
DELETE FROM "authors" WHERE "authors"."id" = $1;
COMMIT;
DELETE FROM "tags" WHERE (name LIKE 'bulk%');
SELECT "reviews".* FROM "reviews" WHERE "reviews"."stars" = $1 LIMIT $2;
BEGIN;
DELETE FROM "reviews" WHERE "reviews"."id" = $1;
COMMIT;
BEGIN;
DELETE FROM "reviews" WHERE "reviews"."id" = $1;
COMMIT;
