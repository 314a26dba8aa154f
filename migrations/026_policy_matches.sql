-- Matching runs (issue 17, 精准匹配): a run evaluates one policy version
-- over the whole population, a page of keys at a time; its cursor is the
-- last key done, so a restart resumes there.
CREATE TABLE policy_runs (
    run_id      text PRIMARY KEY,
    policy      text NOT NULL,
    version     int NOT NULL,
    period      text NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    cursor      text NOT NULL DEFAULT '',
    read        bigint NOT NULL DEFAULT 0,
    matched     bigint NOT NULL DEFAULT 0,
    FOREIGN KEY (policy, version) REFERENCES policy_versions (policy, version)
);
CREATE INDEX policy_runs_by_policy ON policy_runs (policy, started_at DESC);

-- One row per beneficiary and policy period: a second run of the same
-- period inserts nothing (ON CONFLICT DO NOTHING), so nobody is matched
-- twice. facts are the data-needs keys with the values that matched.
CREATE TABLE policy_matches (
    policy       text NOT NULL,
    version      int NOT NULL,
    period       text NOT NULL,
    beneficiary  text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('person', 'enterprise')),
    name         text NOT NULL,
    amount       numeric(14, 2) NOT NULL,
    facts        jsonb NOT NULL,
    matched_at   timestamptz NOT NULL,
    run_id       text NOT NULL REFERENCES policy_runs (run_id),
    PRIMARY KEY (policy, period, beneficiary)
);
