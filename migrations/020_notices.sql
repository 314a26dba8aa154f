-- What each person chooses to receive: a row per kind and channel they
-- switched off (every kind is on by default). Legal notices cannot be
-- switched off in the app; the rule is haoban.NoticePrefs.Validate.
CREATE TABLE notice_prefs (
    user_id    text NOT NULL REFERENCES users (id),
    kind       text NOT NULL,
    channel    text NOT NULL CHECK (channel IN ('in_app', 'email', 'sms')),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, kind, channel)
);

-- What each kind of notice says, in zh-CN: text/template text reading a
-- notices.Data (package notices). Data, not code: an administrator may
-- reword a notice without a release; package notices refuses a template
-- that does not render, so a notice is never sent half written. The rows
-- are seeded after the migrations from notice_templates/*.txt (tern runs
-- each migration through text/template, so a migration cannot hold the
-- text), and a row already there is kept.
CREATE TABLE notice_templates (
    kind       text PRIMARY KEY,
    subject    text NOT NULL,
    body       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox rows of an in-app notification, so that reading it in the
-- app records it read on every channel (送达).
ALTER TABLE notifications ADD COLUMN notice_key text NOT NULL DEFAULT '';
