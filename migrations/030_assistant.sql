-- 小申, the assistant (issue 18). Its intent model is trained and versioned
-- like the risk models (013_models.sql): each training is a version with
-- its hold-out metrics, and one version is active.
CREATE TABLE assistant_models (
    version    int PRIMARY KEY,
    model      jsonb NOT NULL,
    metrics    jsonb NOT NULL,
    trained_at timestamptz NOT NULL,
    trained_on int NOT NULL,
    active     boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX assistant_models_active ON assistant_models ((true)) WHERE active;

-- Every question put to 小申 and how it was answered: the resolution rate
-- on the operations pages is read from here. asker is the user's ID.
CREATE TABLE assistant_questions (
    id           uuid PRIMARY KEY,
    asker        text NOT NULL,
    text         text NOT NULL,
    intent       text NOT NULL,
    confidence   double precision NOT NULL,
    -- What the answer was: an intent's answer ('guide', 'status', …) or
    -- 'handoff' when 小申 was not sure; entry_kind and entry_ref name the
    -- knowledge entry it answered from, when it did.
    answer_kind  text NOT NULL,
    entry_kind   text NOT NULL DEFAULT '',
    entry_ref    text NOT NULL DEFAULT '',
    handed_off   boolean NOT NULL DEFAULT false,
    -- Answered from the knowledge base or the asker's own data without a
    -- person; false for a hand-off.
    resolved     boolean NOT NULL DEFAULT false,
    at           timestamptz NOT NULL
);
CREATE INDEX assistant_questions_at ON assistant_questions (at);
