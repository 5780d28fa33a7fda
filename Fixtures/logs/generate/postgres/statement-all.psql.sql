SELECT id, title, author_id FROM books ORDER BY id LIMIT 3;
SELECT id, name FROM authors WHERE id = 4;
UPDATE orders SET qty = qty + 1 WHERE id = 1;
SELECT nope FROM books;
