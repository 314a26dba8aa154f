-- The task's clock ledger as the workflow keeps it, and the in-app
-- notifications its reminders and escalations send.
ALTER TABLE tasks ADD COLUMN pauses jsonb NOT NULL DEFAULT '[]';
ALTER TABLE tasks ADD COLUMN extended boolean NOT NULL DEFAULT false;
CREATE INDEX tasks_open ON tasks (department) WHERE status IN ('open', 'claimed', 'awaiting_supplement');

CREATE TABLE notifications (
    id         bigserial PRIMARY KEY,
    user_id    text NOT NULL REFERENCES users (id),
    kind       text NOT NULL,
    title      text NOT NULL,
    body       text NOT NULL,
    case_id    uuid REFERENCES cases (id),
    task_id    text REFERENCES tasks (id),
    dedupe_key text NOT NULL,
    created_at timestamptz NOT NULL,
    read_at    timestamptz,
    UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
