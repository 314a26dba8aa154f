-- Signing out ends a session for good: its token's ID (jti) is revoked
-- until the token would have expired anyway. Disabling a user ends every
-- token issued to them before then.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz;

CREATE TABLE revoked_tokens (
    jti        text PRIMARY KEY,
    user_id    text NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz NOT NULL
);
CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at);

-- Failed sign-ins and authentications, counted per client and per account
-- in fixed windows, shared by every API instance.
CREATE TABLE rate_limits (
    key          text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
