-- Policies as data (issue 17, 免申即享): each version of a policy is one
-- JSON snapshot, published from an effective date like the catalogue's
-- versions (022). The version in force is the published one with the
-- latest effective date not after now.
CREATE TABLE policy_versions (
    policy         text NOT NULL,
    version        int NOT NULL CHECK (version > 0),
    state          text NOT NULL CHECK (state IN ('draft', 'published')),
    body           jsonb NOT NULL,
    effective_from timestamptz,
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL,
    published_by   text,
    published_at   timestamptz,
    PRIMARY KEY (policy, version),
    CHECK (state = 'draft' OR effective_from IS NOT NULL)
);
CREATE UNIQUE INDEX policy_versions_one_draft ON policy_versions (policy) WHERE state = 'draft';
CREATE INDEX policy_versions_in_force ON policy_versions (policy, effective_from DESC, version DESC)
    WHERE state = 'published';

-- Facts the benefits need that no registry held. 民政's register of
-- low-income households (低收入家庭认定), one certification per person.
CREATE TABLE low_income_certifications (
    id_number    text PRIMARY KEY REFERENCES residents (id_number),
    kind         text NOT NULL CHECK (kind IN ('最低生活保障', '低收入家庭')),
    certified_on date NOT NULL,
    valid_to     date NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The enterprise registry's date of establishment (成立日期); rows from
-- before have none and so match no start-up policy.
ALTER TABLE enterprises ADD COLUMN established_on date;

-- Social insurance: contributors added this calendar year (本年度新增参保).
ALTER TABLE insured_counts ADD COLUMN new_this_year int NOT NULL DEFAULT 0 CHECK (new_this_year >= 0);
