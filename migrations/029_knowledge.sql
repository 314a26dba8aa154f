-- The knowledge base (知识库, issue 18). One row per entry: those built from
-- what Haoban holds (bundle and item guides, materials, review rules,
-- benefit policies), one per version of their source and rebuilt when a
-- version is published, and the hand-written questions and answers, whose
-- row is their newest version and whose every version stays in
-- knowledge_qa_versions.
--
-- Search reads `words`: the title and body cut into words by the segmenter
-- (gse) and joined by spaces, so that PostgreSQL's 'simple' parser, which
-- under this cluster's C.UTF-8 ctype counts CJK characters as letters,
-- sees the segmenter's words and not whole sentences. The title's trigrams
-- rank near misses and typos.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE knowledge_entries (
    id             uuid PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('bundle', 'item', 'material', 'rule', 'policy', 'qa')),
    ref            text NOT NULL,
    -- What built a derived entry ('catalogue:<bundle>', 'rule', 'policy');
    -- '' for a hand-written one. A rebuild replaces its source's rows only.
    source         text NOT NULL DEFAULT '',
    title          text NOT NULL,
    body           text NOT NULL,
    department     text NOT NULL DEFAULT '',
    bundle         text NOT NULL DEFAULT '',
    item           text NOT NULL DEFAULT '',
    link           text NOT NULL DEFAULT '',
    version        int NOT NULL CHECK (version > 0),
    effective_from timestamptz NOT NULL,
    effective_to   timestamptz,
    status         text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
    author         text NOT NULL,
    updated_at     timestamptz NOT NULL,
    words          text NOT NULL DEFAULT '',
    title_words    text NOT NULL DEFAULT '',
    -- Stored, so that ranking reads the vectors instead of parsing
    -- every candidate's words again.
    tsv            tsvector GENERATED ALWAYS AS (to_tsvector('simple', words)) STORED,
    title_tsv      tsvector GENERATED ALWAYS AS (to_tsvector('simple', title_words)) STORED,
    UNIQUE (kind, ref, version),
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);
CREATE INDEX knowledge_entries_words ON knowledge_entries USING gin (tsv);
CREATE INDEX knowledge_entries_title ON knowledge_entries USING gin (title gin_trgm_ops);
CREATE INDEX knowledge_entries_source ON knowledge_entries (source);

-- How many published entries hold each word ('' : how many there are),
-- refreshed with every write. A search looks up candidates by its
-- selective words only: a word half the entries hold (条件, 材料) would
-- make every entry a candidate to rank, yet it still counts in the rank.
CREATE TABLE knowledge_words (
    word    text PRIMARY KEY,
    entries int NOT NULL
);

-- Every saved version of a hand-written entry, as its history shows it.
CREATE TABLE knowledge_qa_versions (
    entry_id       uuid NOT NULL REFERENCES knowledge_entries (id) ON DELETE CASCADE,
    version        int NOT NULL CHECK (version > 0),
    title          text NOT NULL,
    body           text NOT NULL,
    department     text NOT NULL,
    bundle         text NOT NULL DEFAULT '',
    item           text NOT NULL DEFAULT '',
    link           text NOT NULL DEFAULT '',
    effective_from timestamptz NOT NULL,
    effective_to   timestamptz,
    status         text NOT NULL CHECK (status IN ('draft', 'published')),
    author         text NOT NULL,
    saved_at       timestamptz NOT NULL,
    PRIMARY KEY (entry_id, version)
);

-- Groups of words a search treats as one (开饭店 = 开餐馆 = 餐饮店), which
-- the catalogue admin edits.
CREATE TABLE knowledge_synonyms (
    id         serial PRIMARY KEY,
    words      text[] NOT NULL CHECK (cardinality(words) >= 2),
    updated_by text NOT NULL DEFAULT 'migration',
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO knowledge_synonyms (words) VALUES
    ('{开饭店,开餐馆,餐饮店,开餐厅,饭馆,餐馆,饭店,餐厅}'),
    ('{执照,营业执照}'),
    ('{生孩子,生育,新生儿,出生,宝宝}'),
    ('{医保,医疗保险}'),
    ('{社保,社会保险}'),
    ('{社保卡,社会保障卡}'),
    ('{户口,户籍,落户}'),
    ('{多久,多长时间,几天,时限,承诺时限}'),
    ('{多少钱,收费,费用}'),
    ('{原件,原本}'),
    ('{开公司,开办企业,设立登记}'),
    ('{退休,养老}');
