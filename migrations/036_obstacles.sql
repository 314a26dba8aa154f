-- 办不成事 (issue 19): what a person could not get done, as a ticket for
-- the relevant department (or the service centre, 'centre', which is not
-- a department: no foreign key). The clocks are read from these times and
-- the calendar, never stored. An anonymous person gives a name and a mobile
-- number and reaches the ticket by its secret token.
CREATE TABLE obstacles (
    id             text PRIMARY KEY,
    key            text NOT NULL UNIQUE,
    token          text NOT NULL UNIQUE,
    body           text NOT NULL CHECK (body <> '' AND char_length(body) <= 1000),
    item           text NOT NULL DEFAULT '',
    bundle         text NOT NULL DEFAULT '',
    case_id        text NOT NULL DEFAULT '',
    draft_id       text NOT NULL DEFAULT '',
    department     text NOT NULL,
    reporter       text NOT NULL DEFAULT '',
    name           text NOT NULL DEFAULT '',
    mobile         text NOT NULL DEFAULT '',
    filed_at       timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'received'
                   CHECK (status IN ('received', 'accepted', 'resolved', 'answered', 'reopened')),
    accepted_at    timestamptz,
    resolved_at    timestamptz,
    reopened_at    timestamptz,
    answer         text NOT NULL DEFAULT '',
    change_kind    text NOT NULL DEFAULT '' CHECK (change_kind IN ('', 'catalogue', 'knowledge')),
    change_ref     text NOT NULL DEFAULT '',
    change_version integer NOT NULL DEFAULT 0,
    -- The reminders before each clock runs out go out once each.
    accept_reminded_at  timestamptz,
    resolve_reminded_at timestamptz,
    CHECK (reporter <> '' OR (name <> '' AND mobile <> '')),
    CHECK (status = 'received' OR accepted_at IS NOT NULL)
);
CREATE INDEX obstacles_department ON obstacles (department, filed_at DESC);
CREATE INDEX obstacles_reporter ON obstacles (reporter, filed_at DESC) WHERE reporter <> '';
CREATE INDEX obstacles_filed ON obstacles (filed_at);
CREATE INDEX obstacles_open ON obstacles (filed_at) WHERE status NOT IN ('resolved', 'answered');

CREATE TABLE obstacle_steps (
    obstacle       text NOT NULL REFERENCES obstacles (id),
    seq            integer NOT NULL,
    at             timestamptz NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('filed', 'accepted', 'resolved', 'answered', 'reopened')),
    actor          text NOT NULL DEFAULT '',
    body           text NOT NULL DEFAULT '',
    change_kind    text NOT NULL DEFAULT '',
    change_ref     text NOT NULL DEFAULT '',
    change_version integer NOT NULL DEFAULT 0,
    PRIMARY KEY (obstacle, seq)
);
