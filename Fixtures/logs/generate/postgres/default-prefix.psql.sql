SELECT count(*) FROM books;
SELECT id, name FROM authors WHERE id = 7;
SELECT id, name FROM authors WHERE id = 3;
SELECT pg_sleep(0.02);
