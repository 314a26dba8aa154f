-- The e-licence library (电子证照库): every licence Haoban issues, by
-- holder (a person's ID number or an enterprise's credit code). Prefill
-- reads it as a source; sealing and linked changes write it.
CREATE TABLE licences (
    id          uuid PRIMARY KEY,
    type        text NOT NULL,
    number      text NOT NULL UNIQUE,
    holder      text NOT NULL,
    holder_name text NOT NULL,
    fields      jsonb NOT NULL DEFAULT '{}',
    valid_from  date NOT NULL,
    valid_to    date,
    status      text NOT NULL DEFAULT 'valid'
                CHECK (status IN ('valid', 'superseded', 'revoked', 'expired')),
    version     int NOT NULL DEFAULT 1,
    issued_by   text NOT NULL REFERENCES departments (code),
    issued_at   timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX licences_holder ON licences (holder, status);

-- What a draft showed the applicant as prefilled (key → value, source,
-- as-of), so submission measures the form against what was shown and the
-- workflow can tell which sources changed since.
ALTER TABLE drafts ADD COLUMN shown jsonb NOT NULL DEFAULT '{}';

-- Address fields keep the standard address library's ID beside the text.
ALTER TABLE drafts ADD COLUMN address_ids jsonb NOT NULL DEFAULT '{}';
ALTER TABLE cases ADD COLUMN address_ids jsonb NOT NULL DEFAULT '{}';

-- Values whose source changed between showing the form and submission,
-- found by the Case workflow's prefill check.
ALTER TABLE cases ADD COLUMN prefill_changes jsonb;
