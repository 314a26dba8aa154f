-- The catalogue: departments, items and bundles, as data.
CREATE TABLE departments (
    code text PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE items (
    code          text PRIMARY KEY,
    name          text NOT NULL,
    department    text NOT NULL REFERENCES departments (code),
    promised_days int NOT NULL CHECK (promised_days > 0),
    legal_days    int NOT NULL CHECK (legal_days >= promised_days),
    instant       boolean NOT NULL DEFAULT false,
    optional      boolean NOT NULL DEFAULT false,
    fields        jsonb NOT NULL DEFAULT '[]',
    materials     jsonb NOT NULL DEFAULT '[]',
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bundles (
    code          text PRIMARY KEY,
    name          text NOT NULL,
    promised_days int NOT NULL CHECK (promised_days > 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Dependencies belong to the bundle, not the item: the same item may stand
-- first in one bundle and after another item in the next.
CREATE TABLE bundle_items (
    bundle     text NOT NULL REFERENCES bundles (code) ON DELETE CASCADE,
    item       text NOT NULL REFERENCES items (code),
    position   int NOT NULL,
    depends_on text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (bundle, item)
);

CREATE TABLE users (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    roles      text[] NOT NULL,
    department text NOT NULL DEFAULT '*',
    id_number  text,
    created_at timestamptz NOT NULL DEFAULT now()
);
