-- second migration fails halfway
CREATE TABLE beta (id INTEGER PRIMARY KEY);
INSERT INTO no_such_table VALUES (1);
