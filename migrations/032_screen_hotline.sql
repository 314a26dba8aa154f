-- 同屏 and the 12345 hand-off (issue 18).

-- The applicant's consent to let the conversation's helper see one draft,
-- read-only. Revoking keeps the grant's time for the audit trail; the
-- consent holds while screen_revoked_at is NULL or older than the grant.
ALTER TABLE conversations
    ADD COLUMN screen_draft      uuid REFERENCES drafts (id),
    ADD COLUMN screen_consent_at timestamptz,
    ADD COLUMN screen_revoked_at timestamptz;
CREATE INDEX conversations_screen_draft ON conversations (screen_draft) WHERE screen_draft IS NOT NULL;

-- A helper pointing at one field of the shared draft.
CREATE TABLE screen_highlights (
    id           bigserial PRIMARY KEY,
    conversation text NOT NULL REFERENCES conversations (id),
    draft        uuid NOT NULL REFERENCES drafts (id),
    field        text NOT NULL CHECK (length(field) > 0),
    message      text NOT NULL DEFAULT '',
    helper       text NOT NULL REFERENCES users (id),
    at           timestamptz NOT NULL
);
CREATE INDEX screen_highlights_conversation ON screen_highlights (conversation, id);

-- A 12345 ticket, routed as a hotline conversation to the item's
-- department. The phone is kept whole for the call back and masked
-- wherever a list shows it; connect_seconds counts service hours only.
CREATE TABLE hotline_tickets (
    id              text PRIMARY KEY,
    submitted_by    text NOT NULL REFERENCES users (id),
    idempotency_key text NOT NULL,
    request_hash    text NOT NULL,
    caller_name     text NOT NULL CHECK (length(caller_name) > 0),
    phone           text NOT NULL,
    question        text NOT NULL CHECK (length(question) > 0),
    item            text NOT NULL REFERENCES items (code),
    case_number     text NOT NULL DEFAULT '',
    department      text NOT NULL REFERENCES departments (code),
    specialist      text REFERENCES users (id),
    conversation    text NOT NULL UNIQUE REFERENCES conversations (id),
    status          text NOT NULL CHECK (status IN ('waiting', 'connected')),
    received_at     timestamptz NOT NULL,
    connected_at    timestamptz,
    connect_seconds int CHECK (connect_seconds >= 0),
    CHECK ((status = 'connected') = (connected_at IS NOT NULL AND specialist IS NOT NULL AND connect_seconds IS NOT NULL)),
    UNIQUE (submitted_by, idempotency_key)
);
CREATE INDEX hotline_tickets_received ON hotline_tickets (received_at);
CREATE INDEX hotline_tickets_waiting ON hotline_tickets (department, item, received_at) WHERE status = 'waiting';
