-- first migration
CREATE TABLE alpha (id INTEGER PRIMARY KEY, note TEXT);

INSERT INTO alpha (id, note) VALUES (1, 'one');
