-- The working-day calendar as data: the years whose holidays are loaded and
-- their exceptions to Monday–Friday. An admin loads next year's notice.
CREATE TABLE calendar_years (
    year      int PRIMARY KEY,
    source    text NOT NULL,
    loaded_at timestamptz NOT NULL,
    loaded_by text NOT NULL
);

CREATE TABLE calendar_days (
    date date PRIMARY KEY,
    name text NOT NULL,
    work boolean NOT NULL
);

-- Each clock's budget is fixed when it starts, so a later catalogue edit does
-- not move a running deadline; extensions add to it.
ALTER TABLE tasks ADD COLUMN budget_days int NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN budget_days int NOT NULL DEFAULT 0;
