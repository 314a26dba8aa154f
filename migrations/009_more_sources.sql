-- More registries that know what applicants would otherwise type: the
-- marriage registry, hospital birth records, building records from fire
-- acceptance, drainage permits, and social insurance head counts.
ALTER TABLE residents ADD COLUMN spouse_id text;
ALTER TABLE enterprises ADD COLUMN shareholders text NOT NULL DEFAULT '';

CREATE TABLE births (
    parent_id  text NOT NULL,
    child_sex  text NOT NULL,
    birth_time timestamptz NOT NULL,
    hospital   text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (parent_id, birth_time)
);

CREATE TABLE buildings (
    address         text PRIMARY KEY,
    area            numeric NOT NULL,
    floors          int NOT NULL,
    max_occupancy   int NOT NULL,
    fire_facilities text[] NOT NULL,
    exits           int NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE drainage_records (
    address     text PRIMARY KEY,
    volume      numeric NOT NULL,
    grease_trap boolean NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE insured_counts (
    uscc       text PRIMARY KEY,
    employees  int NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
