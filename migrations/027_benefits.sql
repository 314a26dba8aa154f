-- Benefit cases (issue 17, 免申即享 delivery): one per match, driven by a
-- Temporal workflow from matched to paid. What people read is here.

-- The credit registry (信用信息): a subject listed as seriously
-- untrustworthy (严重失信) is not paid automatically.
CREATE TABLE credit_records (
    subject    text PRIMARY KEY, -- ID number or unified social credit code
    level      text NOT NULL CHECK (level IN ('严重失信')),
    reason     text NOT NULL,
    listed_on  date NOT NULL,
    removed_on date
);

-- A policy period's funds. Approving a case reserves its amount in the
-- approving transaction; the CHECK makes overspending impossible even
-- when two runs approve at once.
CREATE TABLE policy_budgets (
    policy   text NOT NULL,
    period   text NOT NULL,
    budget   numeric(16, 2) NOT NULL CHECK (budget > 0),
    reserved numeric(16, 2) NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= budget),
    PRIMARY KEY (policy, period)
);

-- A match is delivered once its benefit case's workflow has started.
ALTER TABLE policy_matches ADD COLUMN delivered_at timestamptz;
CREATE INDEX policy_matches_undelivered ON policy_matches (policy, period, beneficiary) WHERE delivered_at IS NULL;

CREATE TABLE benefit_cases (
    id                text PRIMARY KEY,
    policy            text NOT NULL,
    version           int NOT NULL,
    period            text NOT NULL,
    department        text NOT NULL,
    beneficiary       text NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('person', 'enterprise')),
    name              text NOT NULL,
    amount            numeric(14, 2) NOT NULL CHECK (amount > 0),
    delivery          text NOT NULL,
    status            text NOT NULL CHECK (status IN ('matched', 'asked', 'confirmed', 'declined', 'expired',
                          'review', 'publicity', 'objected', 'stopped', 'approved', 'unfunded', 'paid', 'failed',
                          'corrected')),
    reason            text NOT NULL DEFAULT '',
    matched_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    confirm_by        timestamptz,
    confirmed_at      timestamptz,
    pledge_document   text,
    flagged           boolean NOT NULL DEFAULT false,
    publicity_from    timestamptz,
    publicity_to      timestamptz,
    approved_at       timestamptz,
    decision_document uuid,
    account           text NOT NULL DEFAULT '',
    payment_key       text,
    payment_serial    text,
    paid_at           timestamptz,
    recovery_serial   text,
    reversed_at       timestamptz,
    UNIQUE (policy, period, beneficiary),
    FOREIGN KEY (policy, period, beneficiary) REFERENCES policy_matches (policy, period, beneficiary),
    FOREIGN KEY (policy, version) REFERENCES policy_versions (policy, version)
);
CREATE INDEX benefit_cases_beneficiary ON benefit_cases (beneficiary, matched_at DESC);
CREATE INDEX benefit_cases_policy_status ON benefit_cases (policy, status);
CREATE INDEX benefit_cases_department_status ON benefit_cases (department, status);
-- Reconciliation reads the cases paid or recovered in a window.
CREATE INDEX benefit_cases_paid ON benefit_cases (paid_at) WHERE paid_at IS NOT NULL;
CREATE INDEX benefit_cases_reversed ON benefit_cases (reversed_at) WHERE reversed_at IS NOT NULL;

-- A benefit case's timeline; key makes a retried step write once.
CREATE TABLE benefit_events (
    id         bigserial PRIMARY KEY,
    benefit_id text NOT NULL REFERENCES benefit_cases (id),
    key        text NOT NULL,
    at         timestamptz NOT NULL,
    type       text NOT NULL,
    actor      text NOT NULL,
    detail     jsonb NOT NULL DEFAULT '{}',
    UNIQUE (benefit_id, key)
);

-- Objections (异议) filed during publicity, decided by the issuing
-- department within five working days.
CREATE TABLE benefit_objections (
    id         text PRIMARY KEY,
    benefit_id text NOT NULL REFERENCES benefit_cases (id),
    filed_by   text NOT NULL REFERENCES users (id),
    reasons    text NOT NULL CHECK (length(reasons) > 0),
    filed_at   timestamptz NOT NULL,
    due_at     timestamptz NOT NULL,
    status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
    decided_by text REFERENCES users (id),
    decided_at timestamptz,
    finding    text NOT NULL DEFAULT ''
);
CREATE INDEX benefit_objections_open ON benefit_objections (benefit_id) WHERE status = 'open';

-- A sealed grant decision (给付决定书) is a document like a licence's, but
-- belongs to a benefit case rather than to a licence.
ALTER TABLE documents ALTER COLUMN licence_id DROP NOT NULL;
ALTER TABLE documents ADD COLUMN benefit_id text REFERENCES benefit_cases (id);
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('licence', 'decision', 'grant', 'pledge'));
ALTER TABLE documents ADD CONSTRAINT documents_owner CHECK ((licence_id IS NULL) <> (benefit_id IS NULL));
CREATE UNIQUE INDEX documents_benefit_kind ON documents (benefit_id, kind) WHERE benefit_id IS NOT NULL;
