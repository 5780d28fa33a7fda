BEGIN;
INSERT INTO orders (book_id, qty) VALUES (3, 1);
UPDATE books SET title = 'Book 3 (2nd ed.)' WHERE id = 3;
COMMIT;
BEGIN;
INSERT INTO orders (book_id, qty) VALUES (4, 5);
UPDATE orders SET status = 'cancelled' WHERE book_id = 4;
ROLLBACK;
SELECT * FROM missing_table;
SELECT 1 / 0 AS ratio;
SELECT b.id,
       b.title,
       a.name AS author
  FROM books b
  JOIN authors a ON a.id = b.author_id
 WHERE b.id <= 3
 ORDER BY b.id;
INSERT INTO orders (book_id, qty, status) VALUES (5, 1, 'gift: line one
line two');
SELECT pg_sleep(0.01);
