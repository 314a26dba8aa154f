-- The 办事指南's index (issue 16): one row per bundle and per item of each
-- published catalogue version, with the text a keyword may match. Reads
-- keep the rows of the version in force, which catalogue_versions decides;
-- publishing indexes a version and withdrawing it removes its rows.
--
-- pg_trgm and Chinese, measured on this cluster (ctype C.UTF-8):
-- show_trgm('开办餐饮店') gives six trigrams, so CJK characters count as word
-- characters and a LIKE of three or more characters is answered from the
-- index. A keyword of one or two characters has no whole trigram; the
-- planner then scans, which at a few thousand rows costs under a millisecond.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE guide_entries (
    bundle         text NOT NULL,
    version        int NOT NULL,
    item           text NOT NULL DEFAULT '', -- '': the bundle itself
    position       int NOT NULL DEFAULT 0,   -- the item's place in the bundle
    name           text NOT NULL,
    bundle_name    text NOT NULL,
    summary        text NOT NULL DEFAULT '',
    conditions     text NOT NULL DEFAULT '',
    materials      text NOT NULL DEFAULT '',
    stage          text NOT NULL DEFAULT '',
    audience       text NOT NULL DEFAULT '',
    promised_days  int NOT NULL,
    items          int NOT NULL DEFAULT 0,
    demo           boolean NOT NULL DEFAULT false,
    effective_from timestamptz NOT NULL,
    -- Lower-cased so that Latin letters match either case; CJK is unchanged.
    search         text GENERATED ALWAYS AS (lower(name || ' ' || summary || ' ' || conditions || ' ' || materials)) STORED,
    PRIMARY KEY (bundle, version, item),
    FOREIGN KEY (bundle, version) REFERENCES catalogue_versions (bundle, version) ON DELETE CASCADE
);
CREATE INDEX guide_entries_search ON guide_entries USING gin (search gin_trgm_ops);
