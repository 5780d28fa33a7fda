-- Source: SQLAlchemy 2.1.9 ORM and Core (postgresql+psycopg2, psycopg2-binary 2.9.13, Python 3.11.7)
-- Server: PostgreSQL 15 throwaway cluster with log_statement = 'all' and csvlog output.
-- Command: python Fixtures/sql/generate/sqlalchemy_gen/run_sqlalchemy.py setup, then
--   python Fixtures/sql/generate/sqlalchemy_gen/run_sqlalchemy.py queries
--   then python Fixtures/sql/generate/pglog_extract.py pg.csv sqladb sqla-queries sqlalchemy.sql
-- Every statement is the exact text the server logged (psycopg2 inlines the bound values
-- client side, so expanding IN and insertmanyvalues batches appear with literals), in order.
-- None is handwritten.

BEGIN;
SELECT t.oid, typarray
FROM pg_type t JOIN pg_namespace ns
    ON typnamespace = ns.oid
WHERE typname = 'hstore';
ROLLBACK;
BEGIN;
select pg_catalog.version();
select current_schema();
show transaction isolation level;
show standard_conforming_strings;
ROLLBACK;
BEGIN;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.id = 1;
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.author_id = 3;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.email = 'a5@example.com';
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.title ILIKE '%book 1%';
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE (books.title LIKE 'Book 2' || '%');
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.price BETWEEN 20 AND 30;
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.genre_id IS NULL;
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.pages < 120 OR books.price > 50;
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.pages > 100 AND (books.title NOT LIKE '%' || '9' || '%');
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.id IN (1);
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.id IN (1, 2, 3);
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.id IN (4, 5, 6, 7);
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE (books.id NOT IN (1, 2));
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books ORDER BY books.published_at DESC 
 LIMIT 10;
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books ORDER BY books.title 
 LIMIT 10 OFFSET 20;
SELECT books.title, authors.name 
FROM books JOIN authors ON authors.id = books.author_id ORDER BY authors.name;
SELECT books.title 
FROM books LEFT OUTER JOIN genres ON genres.id = books.genre_id 
WHERE genres.name = 'crime';
ROLLBACK;
BEGIN;
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books ORDER BY books.id 
 LIMIT 6;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.id = 2;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.id = 3;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.id = 4;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.id = 5;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.id = 6;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.id = 7;
ROLLBACK;
BEGIN;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born, books_1.id AS id_1, books_1.title, books_1.author_id, books_1.genre_id, books_1.published_at, books_1.price, books_1.pages 
FROM authors LEFT OUTER JOIN books AS books_1 ON authors.id = books_1.author_id 
WHERE authors.id < 4;
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages, authors_1.id AS id_1, authors_1.name, authors_1.email, authors_1.country, authors_1.born, genres_1.id AS id_2, genres_1.name AS name_1, genres_1.parent_id 
FROM books LEFT OUTER JOIN authors AS authors_1 ON authors_1.id = books.author_id LEFT OUTER JOIN genres AS genres_1 ON genres_1.id = books.genre_id 
 LIMIT 5;
ROLLBACK;
BEGIN;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors;
SELECT books.author_id, books.id, books.title, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE books.author_id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
SELECT book_tags.book_id, tags.id, tags.name 
FROM book_tags JOIN tags ON tags.id = book_tags.tag_id 
WHERE book_tags.book_id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48);
ROLLBACK;
BEGIN;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE authors.country = 'US';
SELECT books.id AS books_id, books.title AS books_title, books.author_id AS books_author_id, books.genre_id AS books_genre_id, books.published_at AS books_published_at, books.price AS books_price, books.pages AS books_pages, anon_1.authors_id AS anon_1_authors_id 
FROM (SELECT authors.id AS authors_id 
FROM authors 
WHERE authors.country = 'US') AS anon_1 JOIN books ON anon_1.authors_id = books.author_id;
ROLLBACK;
BEGIN;
SELECT authors.id, authors.name, authors.email, authors.country, authors.born, books.id AS id_1, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books JOIN authors ON authors.id = books.author_id 
WHERE authors.country = 'GB';
SELECT books.title, authors_1.name 
FROM books JOIN authors AS authors_1 ON authors_1.id = books.author_id 
WHERE authors_1.id IN (1, 2);
SELECT authors.name, count(books.id) AS count_1 
FROM books JOIN authors ON authors.id = books.author_id GROUP BY authors.name 
HAVING count(books.id) > 3;
SELECT avg(reviews.stars) AS avg_1, max(books.price) AS max_1, sum(books.pages) AS sum_1 
FROM books JOIN reviews ON books.id = reviews.book_id;
SELECT count(*) AS count_1 
FROM books;
SELECT EXISTS (SELECT * 
FROM reviews 
WHERE reviews.stars = 5) AS anon_1;
SELECT authors.name, (SELECT books.title 
FROM books 
WHERE books.author_id = authors.id ORDER BY books.published_at DESC 
 LIMIT 1) AS newest 
FROM authors;
SELECT books.id, books.title, books.author_id, books.genre_id, books.published_at, books.price, books.pages 
FROM books 
WHERE EXISTS (SELECT 1 
FROM reviews 
WHERE books.id = reviews.book_id AND reviews.stars >= 4);
SELECT authors.id, authors.name, authors.email, authors.country, authors.born 
FROM authors 
WHERE NOT (EXISTS (SELECT 1 
FROM books 
WHERE authors.id = books.author_id));
SELECT authors.name, anon_1.n 
FROM authors JOIN (SELECT books.author_id AS author_id, count(*) AS n 
FROM books GROUP BY books.author_id) AS anon_1 ON anon_1.author_id = authors.id;
WITH author_prices AS 
(SELECT books.author_id AS author_id, avg(books.price) AS avgp 
FROM books GROUP BY books.author_id)
 SELECT authors.name, author_prices.avgp 
FROM authors JOIN author_prices ON author_prices.author_id = authors.id ORDER BY author_prices.avgp DESC;
WITH RECURSIVE genre_tree(id, name, depth) AS 
(SELECT genres.id AS id, genres.name AS name, 0 AS depth 
FROM genres 
WHERE genres.parent_id IS NULL UNION ALL SELECT genres.id AS id, genres.name AS name, genre_tree.depth + 1 AS anon_1 
FROM genres JOIN genre_tree ON genres.parent_id = genre_tree.id)
 SELECT genre_tree.id, genre_tree.name, genre_tree.depth 
FROM genre_tree;
SELECT books.id, books.title, row_number() OVER (PARTITION BY books.author_id ORDER BY books.published_at DESC) AS rn 
FROM books;
SELECT books.id, rank() OVER (ORDER BY books.price DESC) AS anon_1, sum(books.pages) OVER (PARTITION BY books.genre_id) AS anon_2 
FROM books;
SELECT DISTINCT authors.country 
FROM authors;
SELECT books.title 
FROM books 
WHERE books.pages > 300 UNION SELECT books.title 
FROM books 
WHERE books.price < 10;
SELECT id, name FROM authors WHERE country = 'FR' ORDER BY id;
ROLLBACK;
BEGIN;
INSERT INTO authors (name, email, country, born) VALUES ('New', 'new@example.com', 'IT', NULL) RETURNING authors.id;
INSERT INTO books (title, author_id, genre_id, published_at, price, pages) SELECT p0::VARCHAR, p1::INTEGER, p2::INTEGER, p3::TIMESTAMP WITH TIME ZONE, p4::NUMERIC(8, 2), p5::INTEGER FROM (VALUES ('New 1', 13, NULL, '2024-03-01T00:00:00+00:00'::timestamptz, 4.99, 10, 0), ('New 2', 13, NULL, '2024-03-02T00:00:00+00:00'::timestamptz, 4.99, 20, 1), ('New 3', 13, NULL, '2024-03-03T00:00:00+00:00'::timestamptz, 4.99, 30, 2), ('New 4', 13, NULL, '2024-03-04T00:00:00+00:00'::timestamptz, 4.99, 40, 3)) AS imp_sen(p0, p1, p2, p3, p4, p5, sen_counter) ORDER BY sen_counter RETURNING books.id, books.id AS id__1;
UPDATE authors SET name='Renamed' WHERE authors.id = 13;
UPDATE books SET pages=999 WHERE books.id = 49;
SELECT reviews.id, reviews.book_id, reviews.reviewer, reviews.stars, reviews.body 
FROM reviews 
WHERE 49 = reviews.book_id;
SELECT reviews.id, reviews.book_id, reviews.reviewer, reviews.stars, reviews.body 
FROM reviews 
WHERE 50 = reviews.book_id;
SELECT reviews.id, reviews.book_id, reviews.reviewer, reviews.stars, reviews.body 
FROM reviews 
WHERE 51 = reviews.book_id;
SELECT reviews.id, reviews.book_id, reviews.reviewer, reviews.stars, reviews.body 
FROM reviews 
WHERE 52 = reviews.book_id;
SELECT tags.id, tags.name 
FROM tags, book_tags 
WHERE 49 = book_tags.book_id AND tags.id = book_tags.tag_id;
SELECT tags.id, tags.name 
FROM tags, book_tags 
WHERE 50 = book_tags.book_id AND tags.id = book_tags.tag_id;
SELECT tags.id, tags.name 
FROM tags, book_tags 
WHERE 51 = book_tags.book_id AND tags.id = book_tags.tag_id;
SELECT tags.id, tags.name 
FROM tags, book_tags 
WHERE 52 = book_tags.book_id AND tags.id = book_tags.tag_id;
DELETE FROM books WHERE books.id = 49;
DELETE FROM books WHERE books.id = 50;
DELETE FROM books WHERE books.id = 51;
DELETE FROM books WHERE books.id = 52;
DELETE FROM authors WHERE authors.id = 13;
COMMIT;
BEGIN;
INSERT INTO tags (name) VALUES ('bulk0'), ('bulk1'), ('bulk2'), ('bulk3'), ('bulk4'), ('bulk5') RETURNING tags.id;
INSERT INTO reviews (book_id, reviewer, stars, body) VALUES (1, 'bulk', 3, ''), (2, 'bulk', 3, ''), (3, 'bulk', 3, '');
UPDATE books SET price=(books.price * 2) WHERE books.author_id = 2;
UPDATE books SET pages=111 WHERE books.id = 1;
UPDATE books SET pages=222 WHERE books.id = 2;
UPDATE books SET pages=(books.pages + 1) WHERE books.id IN (SELECT reviews.book_id 
FROM reviews 
WHERE reviews.stars = 1);
DELETE FROM reviews WHERE reviews.reviewer = 'bulk';
DELETE FROM tags WHERE tags.name LIKE 'bulk%' RETURNING tags.id;
SAVEPOINT sa_savepoint_1;
UPDATE authors SET country='CA' WHERE authors.id = 1;
RELEASE SAVEPOINT sa_savepoint_1;
ROLLBACK;
