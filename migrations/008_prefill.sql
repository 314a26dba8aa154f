-- What the one form was prefilled with at submission: each value's source,
-- the applicant's overrides, and the share of fields filled from sources.
ALTER TABLE cases ADD COLUMN prefill jsonb NOT NULL DEFAULT '{}';
ALTER TABLE cases ADD COLUMN prefill_ratio real;
