-- Review points (审查要点) as data: one row per rule (item and code), and
-- every save of it a new version. The newest version is the one in force,
-- within its effective dates; the older ones stay as its history.
CREATE TABLE rules (
    id      uuid PRIMARY KEY,
    item    text NOT NULL,
    code    text NOT NULL,
    version int NOT NULL,
    UNIQUE (item, code)
);

CREATE TABLE rule_versions (
    rule_id        uuid NOT NULL REFERENCES rules (id),
    version        int NOT NULL,
    expression     text NOT NULL,
    message        text NOT NULL,
    hint           text NOT NULL DEFAULT '',
    legal_basis    text NOT NULL DEFAULT '',
    severity       text NOT NULL CHECK (severity IN ('blocking', 'warning')),
    effective_from date NOT NULL,
    effective_to   date,
    saved_by       text NOT NULL,
    saved_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rule_id, version)
);
