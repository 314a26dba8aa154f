-- Human help (issue 18, 线上人工帮办): helpers and their skills, the
-- conversations queued to them, and the messages that stream both ways.

-- A helper answers a department's questions, or only one of its items when
-- item is set. Department '*' answers every department, including
-- questions that name none.
CREATE TABLE helper_skills (
    helper     text NOT NULL REFERENCES users (id),
    department text NOT NULL,
    item       text REFERENCES items (code),
    UNIQUE NULLS NOT DISTINCT (helper, department, item)
);
CREATE INDEX helper_skills_department ON helper_skills (department, item);

-- Helpers mark themselves available or away; only available helpers are
-- routed new conversations and alerted about waiting ones.
CREATE TABLE helper_presence (
    helper     text PRIMARY KEY REFERENCES users (id),
    available  boolean NOT NULL,
    changed_at timestamptz NOT NULL
);

CREATE TABLE conversations (
    id                     text PRIMARY KEY,
    channel                text NOT NULL CHECK (channel IN ('online', 'hotline')),
    -- NULL for a hotline caller who has no account.
    applicant              text REFERENCES users (id),
    idempotency_key        text NOT NULL,
    question               text NOT NULL CHECK (length(question) > 0),
    department             text NOT NULL DEFAULT '',
    bundle                 text NOT NULL DEFAULT '',
    item                   text NOT NULL DEFAULT '',
    draft                  text NOT NULL DEFAULT '',
    transcript             jsonb NOT NULL DEFAULT '[]',
    helper                 text REFERENCES users (id),
    status                 text NOT NULL CHECK (status IN ('waiting', 'open', 'closing', 'resolved', 'unresolved')),
    created_at             timestamptz NOT NULL,
    -- The first helper reply; the seconds count only service hours.
    first_response_at      timestamptz,
    first_response_seconds int CHECK (first_response_seconds >= 0),
    alerted_at             timestamptz,
    breached_at            timestamptz,
    ended_at               timestamptz,
    outcome                text CHECK (outcome IN ('resolved', 'unresolved')),
    worth_keeping          boolean NOT NULL DEFAULT false,
    confirmed_at           timestamptz,
    confirmed_resolved     boolean,
    rating                 smallint CHECK (rating BETWEEN 1 AND 5),
    rating_comment         text NOT NULL DEFAULT '',
    UNIQUE (applicant, idempotency_key)
);
CREATE INDEX conversations_waiting ON conversations (department, item, created_at) WHERE status = 'waiting';
CREATE INDEX conversations_helper ON conversations (helper, status);
CREATE INDEX conversations_applicant ON conversations (applicant, created_at DESC);
CREATE INDEX conversations_created ON conversations (created_at);

-- A conversation's messages; the id is the SSE event ID, so a client that
-- reconnects with Last-Event-ID reads on from where it stopped. key makes a
-- retried post write once.
CREATE TABLE conversation_messages (
    id           bigserial PRIMARY KEY,
    conversation text NOT NULL REFERENCES conversations (id),
    from_role    text NOT NULL CHECK (from_role IN ('applicant', 'assistant', 'helper', 'system')),
    author       text NOT NULL DEFAULT '',
    text         text NOT NULL CHECK (length(text) > 0),
    at           timestamptz NOT NULL,
    key          text NOT NULL,
    UNIQUE (conversation, key)
);
CREATE INDEX conversation_messages_conversation ON conversation_messages (conversation, id);
