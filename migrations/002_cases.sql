-- Cases, their tasks and timelines: the projection the workflow writes and
-- people query.
CREATE TABLE cases (
    id              uuid PRIMARY KEY,
    bundle          text NOT NULL REFERENCES bundles (code),
    bundle_name     text NOT NULL,
    applicant       text NOT NULL REFERENCES users (id),
    form            jsonb NOT NULL,
    status          text NOT NULL,
    outcome         text,
    submitted_at    timestamptz NOT NULL,
    completed_at    timestamptz,
    idempotency_key text NOT NULL,
    request_hash    text NOT NULL,
    UNIQUE (applicant, idempotency_key)
);
CREATE INDEX cases_applicant ON cases (applicant, submitted_at DESC);

CREATE TABLE tasks (
    id         text PRIMARY KEY,
    case_id    uuid NOT NULL REFERENCES cases (id),
    item       text NOT NULL,
    item_name  text NOT NULL,
    department text NOT NULL,
    status     text NOT NULL,
    assignee   text NOT NULL DEFAULT '',
    comment    text NOT NULL DEFAULT '',
    position   int NOT NULL DEFAULT 0,
    version    int NOT NULL,
    opened_at  timestamptz,
    decided_at timestamptz,
    updated_at timestamptz NOT NULL
);
CREATE INDEX tasks_case ON tasks (case_id);
CREATE INDEX tasks_department_status ON tasks (department, status);

-- key makes a retried projection write each event once.
CREATE TABLE events (
    case_id uuid NOT NULL REFERENCES cases (id),
    seq     bigint NOT NULL,
    key     text NOT NULL,
    type    text NOT NULL,
    at      timestamptz NOT NULL,
    actor   text NOT NULL,
    detail  jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (case_id, seq),
    UNIQUE (case_id, key)
);

-- Responses to retried writes (Idempotency-Key), per user and operation.
CREATE TABLE idempotency (
    user_id      text NOT NULL,
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       int NOT NULL,
    response     jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, scope, key)
);
