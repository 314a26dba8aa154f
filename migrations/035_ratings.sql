-- 好差评 (issue 19): one rating per person per target (a completed case,
-- an item's decision, a help conversation). A rating is never deleted: an
-- upheld appeal only sets excluded. The rater is kept for anonymous
-- ratings too (once per person; their own view) and never shown to staff.
CREATE TABLE ratings (
    id          text PRIMARY KEY,
    rater       text NOT NULL REFERENCES users (id),
    target      text NOT NULL CHECK (target IN ('case', 'task', 'conversation')),
    ref         text NOT NULL,
    case_id     uuid REFERENCES cases (id),
    bundle      text NOT NULL DEFAULT '',
    item        text NOT NULL DEFAULT '',
    department  text NOT NULL,
    staff       text[] NOT NULL DEFAULT '{}',
    channel     text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'window', 'mobile')),
    level       smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
    indicators  jsonb NOT NULL DEFAULT '{}',
    comment     text NOT NULL DEFAULT '',
    anonymous   boolean NOT NULL DEFAULT false,
    given_at    timestamptz NOT NULL,
    changed_at  timestamptz NOT NULL,
    excluded    boolean NOT NULL DEFAULT false,
    title       text NOT NULL DEFAULT '',
    UNIQUE (rater, target, ref)
);
-- The figures read the ratings given in a period, for the city, one
-- department or one item.
CREATE INDEX ratings_given ON ratings (given_at, id);
CREATE INDEX ratings_department_given ON ratings (department, given_at);
CREATE INDEX ratings_item_given ON ratings (item, given_at) WHERE item <> '';
CREATE INDEX ratings_case ON ratings (case_id) WHERE case_id IS NOT NULL;

-- A bad rating's loop (整改): 15 working days from its opening; the
-- rating changed to a good level later leaves it open (it was opened).
CREATE TABLE rectifications (
    id              text PRIMARY KEY,
    rating          text NOT NULL UNIQUE REFERENCES ratings (id),
    department      text NOT NULL,
    named           boolean NOT NULL,
    opened_at       timestamptz NOT NULL,
    due_at          timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'called_back', 'asked', 'answered')),
    called_back_at  timestamptz,
    called_back_by  text NOT NULL DEFAULT '',
    reached         boolean NOT NULL DEFAULT false,
    found           text NOT NULL DEFAULT '',
    fixed_at        timestamptz,
    fixed_by        text NOT NULL DEFAULT '',
    fix             text NOT NULL DEFAULT '',
    answered_at     timestamptz,
    satisfied       boolean,
    answer          text NOT NULL DEFAULT '',
    -- The reminder on the last working day goes out once.
    reminded_at     timestamptz,
    CHECK ((status = 'open') = (called_back_at IS NULL)),
    CHECK ((status IN ('open', 'called_back')) = (fixed_at IS NULL)),
    CHECK ((status = 'answered') = (answered_at IS NOT NULL))
);
CREATE INDEX rectifications_unfixed ON rectifications (department, opened_at) WHERE fixed_at IS NULL;

-- 申诉: one appeal per rating; a decided appeal is final and stays.
CREATE TABLE rating_appeals (
    id          text PRIMARY KEY,
    rating      text NOT NULL UNIQUE REFERENCES ratings (id),
    department  text NOT NULL,
    reason      text NOT NULL CHECK (reason <> ''),
    evidence    text NOT NULL CHECK (evidence <> ''),
    filed_by    text NOT NULL,
    filed_at    timestamptz NOT NULL,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'rejected')),
    decided_by  text NOT NULL DEFAULT '',
    decided_at  timestamptz,
    decision    text NOT NULL DEFAULT '',
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX rating_appeals_department ON rating_appeals (department, status);
