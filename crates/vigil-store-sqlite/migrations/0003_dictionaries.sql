-- zstd dictionaries (see src/dictionary.rs). `dict_id` is the id zstd writes into the header
-- of every frame compressed with the dictionary; `kind` is the log kind's code. Rows are only
-- ever added: a stored frame must stay decodable for as long as the record is kept.

CREATE TABLE dictionaries (
    dict_id INTEGER PRIMARY KEY,
    kind    INTEGER NOT NULL,
    created INTEGER NOT NULL,
    bytes   BLOB NOT NULL
);
