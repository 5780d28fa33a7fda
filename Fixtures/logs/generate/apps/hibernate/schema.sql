-- created with psql before Hibernate starts (hbm2ddl is off); 7 authors, 20 books,
-- author of book i = ((3i) mod 7)+1
DROP TABLE IF EXISTS books;
DROP TABLE IF EXISTS authors;
CREATE TABLE authors (id integer PRIMARY KEY, name varchar(255) NOT NULL);
CREATE TABLE books (id integer PRIMARY KEY, title varchar(255) NOT NULL,
                    author_id integer NOT NULL REFERENCES authors(id));
INSERT INTO authors SELECT i, 'Author ' || i FROM generate_series(1, 7) i;
INSERT INTO books SELECT i, 'Book ' || i, ((3 * i) % 7) + 1 FROM generate_series(1, 20) i;
