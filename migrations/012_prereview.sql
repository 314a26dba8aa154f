-- The pre-review report made at submission, with the rule versions used.
ALTER TABLE cases ADD COLUMN prereview jsonb;
-- The draft a case came from: a case not accepted (不予受理) reopens it.
ALTER TABLE cases ADD COLUMN draft_id uuid;
-- How often a draft was reopened, so each submission has its own key.
ALTER TABLE drafts ADD COLUMN attempts int NOT NULL DEFAULT 0;
