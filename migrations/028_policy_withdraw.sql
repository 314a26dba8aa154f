-- A published policy version may be withdrawn before it takes effect,
-- as a catalogue version may (022): once in force, matches may have been
-- made under it, so it can only be followed by a newer version.
ALTER TABLE policy_versions DROP CONSTRAINT policy_versions_state_check;
ALTER TABLE policy_versions ADD CONSTRAINT policy_versions_state_check
    CHECK (state IN ('draft', 'published', 'withdrawn'));
ALTER TABLE policy_versions ADD COLUMN withdrawn_by text;
ALTER TABLE policy_versions ADD COLUMN withdrawn_at timestamptz;
