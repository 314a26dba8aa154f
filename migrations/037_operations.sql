-- The "799" figures' summary tables (数字化运营, issue 19), kept by the
-- projection in the transaction of each write, so a month's dashboard
-- reads a few hundred rows instead of every case, task and event.
--
-- operations_cases: one fact row per case, recomputed from the raw rows
-- (cases, drafts, tasks, events) by operations_case_fact whenever the
-- case's submission or timeline changes. An application is the draft a
-- case came from (a case without a draft is its own application); only
-- its first submission counts for 首办成功率 and 平均申请时长. The fact
-- tables have no foreign keys: they are written thousands of rows at a
-- time by the backfill, and cases and tasks are never deleted.
CREATE TABLE operations_cases (
    case_id          uuid PRIMARY KEY,
    day              date NOT NULL, -- the Beijing date of submission
    channel          text NOT NULL,
    window_name      text NOT NULL,
    departments      text[] NOT NULL, -- of its tasks, distinct
    items            text[] NOT NULL, -- its tasks' items, with
    item_departments text[] NOT NULL, -- each item's department
    first            boolean NOT NULL,
    prefill_ratio    real,
    -- From the draft's first save to submission; NULL without a draft or
    -- for a resubmission.
    apply_seconds    double precision,
    -- Judged: a first submission accepted (a task opened) or not accepted;
    -- first_pass: judged, accepted, never not accepted, no supplement asked.
    judged           boolean NOT NULL,
    first_pass       boolean NOT NULL
);
-- The period's durations for the p90, read from the index alone.
CREATE INDEX operations_cases_apply ON operations_cases (day)
    INCLUDE (apply_seconds, departments, items, channel, window_name) WHERE apply_seconds IS NOT NULL;
-- Drill-down by period.
CREATE INDEX operations_cases_day ON operations_cases (day, case_id);
-- "Is this the first submission of its draft" looks up the draft's cases.
CREATE INDEX cases_draft ON cases (draft_id) WHERE draft_id IS NOT NULL;

-- operations_tasks: one fact row per decided task, whether it was decided
-- within its promised limit. The clock (working days, pauses) is read in
-- Go against the calendar, as the deadline statistics do.
CREATE TABLE operations_tasks (
    task_id     text PRIMARY KEY,
    case_id     uuid NOT NULL,
    day         date NOT NULL, -- the Beijing date of the decision
    department  text NOT NULL,
    item        text NOT NULL,
    channel     text NOT NULL,
    window_name text NOT NULL,
    on_time     boolean NOT NULL
);
CREATE INDEX operations_tasks_day ON operations_tasks (day, task_id);

-- operations_daily: the counters per day, channel and counter, at three
-- levels: the whole city (department = item = ''), a department (item =
-- ''), an item. Triggers on the fact tables add each statement's difference.
CREATE TABLE operations_daily (
    day           date NOT NULL,
    department    text NOT NULL,
    item          text NOT NULL,
    channel       text NOT NULL,
    window_name   text NOT NULL,
    cases         int NOT NULL DEFAULT 0,
    online        int NOT NULL DEFAULT 0,
    prefilled     int NOT NULL DEFAULT 0,
    prefill_sum   double precision NOT NULL DEFAULT 0,
    judged        int NOT NULL DEFAULT 0,
    first_pass    int NOT NULL DEFAULT 0,
    applied       int NOT NULL DEFAULT 0,
    apply_seconds double precision NOT NULL DEFAULT 0,
    decided       int NOT NULL DEFAULT 0,
    on_time       int NOT NULL DEFAULT 0,
    PRIMARY KEY (day, department, item, channel, window_name)
);
CREATE INDEX operations_daily_item ON operations_daily (item, day) WHERE item <> '';

-- The fact row of one case, from the raw rows.
CREATE FUNCTION operations_case_fact(id uuid) RETURNS SETOF operations_cases LANGUAGE sql STABLE AS $$
    SELECT c.id, (c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, c.channel, c.window_name,
        ARRAY(SELECT DISTINCT t.department FROM tasks t WHERE t.case_id = c.id ORDER BY 1),
        ARRAY(SELECT t.item FROM tasks t WHERE t.case_id = c.id ORDER BY t.item),
        ARRAY(SELECT t.department FROM tasks t WHERE t.case_id = c.id ORDER BY t.item),
        f.first, c.prefill_ratio,
        CASE WHEN f.first THEN extract(epoch FROM c.submitted_at - d.created_at)::float8 END,
        f.first AND (e.opened OR e.refused),
        f.first AND e.opened AND NOT e.refused AND NOT e.supplement
    FROM cases c
    LEFT JOIN drafts d ON d.id = c.draft_id
    CROSS JOIN LATERAL (SELECT c.draft_id IS NULL OR NOT EXISTS (SELECT 1 FROM cases p
        WHERE p.draft_id = c.draft_id AND (p.submitted_at, p.id) < (c.submitted_at, c.id)) AS first) f
    CROSS JOIN LATERAL (SELECT COALESCE(bool_or(v.type = 'task_opened'), false) AS opened,
        COALESCE(bool_or(v.type = 'not_accepted'), false) AS refused,
        COALESCE(bool_or(v.type = 'supplement_requested'), false) AS supplement
        FROM events v WHERE v.case_id = c.id) e
    WHERE c.id = $1
$$;

-- The daily counters add the rows a statement wrote (k = 1) or removed
-- (k = -1), set-based: a backfill of thousands of rows is one upsert.
CREATE FUNCTION operations_add_cases(rs operations_cases[], k int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO operations_daily AS d (day, department, item, channel, window_name, cases, online, prefilled,
        prefill_sum, judged, first_pass, applied, apply_seconds)
    SELECT r.day, s.department, s.item, r.channel, r.window_name, k * count(*),
        k * count(*) FILTER (WHERE r.channel <> 'window'), k * count(r.prefill_ratio),
        k * COALESCE(sum(r.prefill_ratio::float8), 0), k * count(*) FILTER (WHERE r.judged),
        k * count(*) FILTER (WHERE r.first_pass), k * count(r.apply_seconds), k * COALESCE(sum(r.apply_seconds), 0)
    FROM unnest(rs) r CROSS JOIN LATERAL (SELECT '' AS department, '' AS item
        UNION ALL SELECT x.dep, '' FROM unnest(r.departments) AS x(dep)
        UNION ALL SELECT y.dep, y.it FROM unnest(r.item_departments, r.items) AS y(dep, it)) s
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (day, department, item, channel, window_name) DO UPDATE SET
        cases = d.cases + EXCLUDED.cases, online = d.online + EXCLUDED.online,
        prefilled = d.prefilled + EXCLUDED.prefilled, prefill_sum = d.prefill_sum + EXCLUDED.prefill_sum,
        judged = d.judged + EXCLUDED.judged, first_pass = d.first_pass + EXCLUDED.first_pass,
        applied = d.applied + EXCLUDED.applied, apply_seconds = d.apply_seconds + EXCLUDED.apply_seconds
$$;

CREATE FUNCTION operations_add_tasks(rs operations_tasks[], k int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO operations_daily AS d (day, department, item, channel, window_name, decided, on_time)
    SELECT r.day, s.department, s.item, r.channel, r.window_name, k * count(*), k * count(*) FILTER (WHERE r.on_time)
    FROM unnest(rs) r CROSS JOIN LATERAL (VALUES ('', ''), (r.department, ''), (r.department, r.item)) AS s(department, item)
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (day, department, item, channel, window_name) DO UPDATE SET
        decided = d.decided + EXCLUDED.decided, on_time = d.on_time + EXCLUDED.on_time
$$;

-- A trigger may name the transition tables of one event only: each table
-- has three triggers on one function, which reads the tables its event has.
CREATE FUNCTION operations_cases_daily() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM operations_add_cases(ARRAY(SELECT ROW(o.*)::operations_cases FROM old_rows o), -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM operations_add_cases(ARRAY(SELECT ROW(n.*)::operations_cases FROM new_rows n), 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER operations_cases_inserted AFTER INSERT ON operations_cases
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operations_cases_daily();
CREATE TRIGGER operations_cases_updated AFTER UPDATE ON operations_cases
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operations_cases_daily();
CREATE TRIGGER operations_cases_deleted AFTER DELETE ON operations_cases
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION operations_cases_daily();

CREATE FUNCTION operations_tasks_daily() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM operations_add_tasks(ARRAY(SELECT ROW(o.*)::operations_tasks FROM old_rows o), -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM operations_add_tasks(ARRAY(SELECT ROW(n.*)::operations_tasks FROM new_rows n), 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER operations_tasks_inserted AFTER INSERT ON operations_tasks
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operations_tasks_daily();
CREATE TRIGGER operations_tasks_updated AFTER UPDATE ON operations_tasks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operations_tasks_daily();
CREATE TRIGGER operations_tasks_deleted AFTER DELETE ON operations_tasks
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION operations_tasks_daily();

-- The cases before this migration. Their decided tasks need the calendar,
-- which SQL does not read: Store.BackfillOperations adds them after
-- migrating.
INSERT INTO operations_cases SELECT f.* FROM cases c CROSS JOIN LATERAL operations_case_fact(c.id) f;
