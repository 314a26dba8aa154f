-- Closing the gaps (查遗补缺, issue 18): a question the knowledge base could
-- not answer opens a task for the owning department, due in 5 working
-- days. The department is not a foreign key: gaps that name no department
-- belong to the service centre, which is not a reviewing department.
CREATE TABLE knowledge_tasks (
    id           text PRIMARY KEY,
    key          text NOT NULL UNIQUE,
    source       text NOT NULL CHECK (source IN ('assistant', 'helper')),
    question     text NOT NULL,
    answer       text NOT NULL DEFAULT '',
    department   text NOT NULL,
    bundle       text NOT NULL DEFAULT '',
    item         text NOT NULL DEFAULT '',
    conversation text NOT NULL DEFAULT '',
    opened_at    timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed')),
    closed_at    timestamptz,
    closed_by    text NOT NULL DEFAULT '',
    entry        text NOT NULL DEFAULT '',
    reason       text NOT NULL DEFAULT '',
    -- The reminder before the due day goes out once.
    reminded_at  timestamptz,
    CHECK ((status = 'open') = (closed_at IS NULL)),
    CHECK (status <> 'done' OR entry <> ''),
    CHECK (status <> 'dismissed' OR reason <> '')
);
CREATE INDEX knowledge_tasks_open ON knowledge_tasks (department, opened_at) WHERE status = 'open';

-- Leaders' help (领导干部帮办): a leader accompanied an applicant through a
-- whole case. Recorded by the leader, once per key.
CREATE TABLE leader_sessions (
    id             text PRIMARY KEY,
    key            text NOT NULL,
    leader         text NOT NULL REFERENCES users (id),
    department     text NOT NULL REFERENCES departments (code),
    applicant_name text NOT NULL,
    case_id        uuid REFERENCES cases (id),
    item           text NOT NULL REFERENCES items (code),
    started_at     timestamptz NOT NULL,
    ended_at       timestamptz NOT NULL,
    notes          text NOT NULL DEFAULT '',
    recorded_at    timestamptz NOT NULL,
    UNIQUE (leader, key),
    CHECK (ended_at >= started_at)
);
CREATE INDEX leader_sessions_year ON leader_sessions (department, started_at);
