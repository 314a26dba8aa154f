-- Catalogue versions (issue 16): a bundle and its items as one JSON
-- snapshot per version. The version in force is the published one with the
-- latest effective date not after now; bundles, items and bundle_items stay
-- as the newest published names, for the foreign keys and joins.
CREATE TABLE catalogue_versions (
    bundle         text NOT NULL,
    version        int NOT NULL CHECK (version > 0),
    state          text NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),
    body           jsonb NOT NULL,
    effective_from timestamptz,
    changes        jsonb NOT NULL DEFAULT '[]',
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL,
    published_by   text,
    published_at   timestamptz,
    withdrawn_by   text,
    withdrawn_at   timestamptz,
    PRIMARY KEY (bundle, version),
    CHECK (state = 'draft' OR effective_from IS NOT NULL)
);
-- One draft at a time per bundle: editors work on the same draft.
CREATE UNIQUE INDEX catalogue_versions_one_draft ON catalogue_versions (bundle) WHERE state = 'draft';
CREATE INDEX catalogue_versions_in_force ON catalogue_versions (bundle, effective_from DESC, version DESC)
    WHERE state = 'published';

-- What is stored today becomes version 1, in force since always.
INSERT INTO catalogue_versions (bundle, version, state, body, effective_from, created_by, created_at, published_by, published_at)
SELECT b.code, 1, 'published',
    jsonb_build_object('code', b.code, 'name', b.name, 'promised_days', b.promised_days, 'version', 1,
        'items', COALESCE((
            SELECT jsonb_agg(jsonb_build_object('code', i.code, 'name', i.name, 'department', i.department,
                'depends_on', to_jsonb(bi.depends_on), 'promised_days', i.promised_days, 'legal_days', i.legal_days,
                'instant', i.instant, 'optional', i.optional, 'fields', i.fields, 'materials', i.materials,
                'reminders', i.reminders, 'licence', i.licence, 'licence_name', i.licence_name, 'amends', i.amends)
                ORDER BY bi.position)
            FROM bundle_items bi JOIN items i ON i.code = bi.item WHERE bi.bundle = b.code), '[]'::jsonb)),
    '0001-01-01 00:00:00+00', 'migration', now(), 'migration', now()
FROM bundles b;

-- A case keeps the version it was accepted under, to the end.
ALTER TABLE cases ADD COLUMN bundle_version int NOT NULL DEFAULT 1;
