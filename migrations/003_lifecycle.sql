-- Supplements, drafts, materials, internal comments and the audit trail.
ALTER TABLE tasks ADD COLUMN missing jsonb NOT NULL DEFAULT '[]';

CREATE TABLE drafts (
    id           uuid PRIMARY KEY,
    applicant    text NOT NULL REFERENCES users (id),
    bundle       text NOT NULL REFERENCES bundles (code),
    form         jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    submitted_at timestamptz,
    case_id      uuid REFERENCES cases (id)
);
CREATE INDEX drafts_applicant ON drafts (applicant, created_at DESC);

-- A material belongs to a draft, then also to the case made from it. The
-- bytes are in the blob store under sha256; the same bytes uploaded again
-- for the same material are one row.
CREATE TABLE materials (
    id           uuid PRIMARY KEY,
    draft_id     uuid REFERENCES drafts (id),
    case_id      uuid REFERENCES cases (id),
    code         text NOT NULL,
    file_name    text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    sha256       text NOT NULL,
    uploaded_by  text NOT NULL,
    uploaded_at  timestamptz NOT NULL,
    CHECK (draft_id IS NOT NULL OR case_id IS NOT NULL)
);
CREATE UNIQUE INDEX materials_draft_code_sha ON materials (draft_id, code, sha256) WHERE draft_id IS NOT NULL;
CREATE UNIQUE INDEX materials_case_code_sha ON materials (case_id, code, sha256) WHERE draft_id IS NULL;
CREATE INDEX materials_case ON materials (case_id);

CREATE TABLE task_comments (
    id         bigserial PRIMARY KEY,
    task_id    text NOT NULL REFERENCES tasks (id),
    author     text NOT NULL REFERENCES users (id),
    body       text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX task_comments_task ON task_comments (task_id, id);

-- Hash-chained: hash = SHA-256 of prev_hash and the row's content, so an
-- edited or deleted row breaks every link after it. The JSON summaries are
-- kept as the exact text that was hashed.
CREATE TABLE audit (
    seq         bigserial PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    role        text NOT NULL,
    department  text NOT NULL,
    action      text NOT NULL,
    case_id     uuid,
    target      text NOT NULL,
    before      text NOT NULL,
    after       text NOT NULL,
    request_id  text NOT NULL,
    client_addr text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL
);
CREATE INDEX audit_case ON audit (case_id, seq);
