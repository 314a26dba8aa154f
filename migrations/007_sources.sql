-- Local copies of the registries that prefill the one form (数源目录): the
-- population registry, the enterprise registry and the standard address
-- library. A real registry's API can replace a table behind its Source.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE residents (
    id_number  text PRIMARY KEY,
    name       text NOT NULL,
    sex        text NOT NULL,
    birth_date date NOT NULL,
    phone      text NOT NULL,
    address    text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enterprises (
    uscc         text PRIMARY KEY,
    name         text NOT NULL,
    type         text NOT NULL,
    address      text NOT NULL,
    legal_rep_id text NOT NULL REFERENCES residents (id_number),
    capital      numeric NOT NULL,
    scope        text NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprises_legal_rep ON enterprises (legal_rep_id);

CREATE TABLE addresses (
    id       bigserial PRIMARY KEY,
    address  text NOT NULL UNIQUE,
    district text NOT NULL
);
CREATE INDEX addresses_trgm ON addresses USING gin (address gin_trgm_ops);

-- Registered sources and the canonical fields each provides.
CREATE TABLE sources (
    code      text PRIMARY KEY,
    name      text NOT NULL,
    authority text NOT NULL,
    fields    text[] NOT NULL,
    freshness text NOT NULL
);
