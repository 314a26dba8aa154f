-- Where a person can be reached outside the app: one address per channel.
CREATE TABLE notice_contacts (
    user_id    text NOT NULL REFERENCES users (id),
    channel    text NOT NULL CHECK (channel IN ('email', 'sms')),
    address    text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, channel)
);

-- The transactional outbox: one row per notice and external channel,
-- written in the transaction of the fact that causes it. The key is derived
-- from the case, the fact and the recipient, so a fact recorded twice
-- queues one notice. Dispatchers claim due rows with FOR UPDATE SKIP LOCKED;
-- a claimed row is 'sending' until its lease (next_attempt_at) ends, and
-- only the current claim may record its result.
CREATE SEQUENCE outbox_claims;
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    key             text NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('email', 'sms')),
    user_id         text NOT NULL,
    address         text NOT NULL,
    case_id         uuid,
    kind            text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    legal           boolean NOT NULL DEFAULT false,
    status          text NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claim           bigint,
    last_error      text NOT NULL DEFAULT '',
    provider_id     text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    delivered_at    timestamptz,
    read_at         timestamptz,
    dead_at         timestamptz,
    UNIQUE (key, channel)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status IN ('queued', 'sending');
CREATE INDEX outbox_dead ON outbox (id DESC) WHERE status = 'dead';
CREATE INDEX outbox_case ON outbox (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX outbox_provider ON outbox (provider_id) WHERE channel = 'sms' AND provider_id <> '';

-- Nonces of SMS delivery receipts already taken: a replayed receipt is
-- refused. Rows older than the timestamp window are pruned, since a
-- receipt that old is refused by its timestamp anyway.
CREATE TABLE sms_receipt_nonces (
    nonce   text PRIMARY KEY,
    seen_at timestamptz NOT NULL
);
CREATE INDEX sms_receipt_nonces_seen ON sms_receipt_nonces (seen_at);
