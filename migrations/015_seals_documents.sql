-- Department seals (电子印章): the SM2 key encrypted with the master key,
-- the seal certificate from the local CA, the seal structure (SESeal) and
-- its picture; beside them the ECDSA P-256 key and certificate that sign
-- PDFs the way standard PDF tools check.
CREATE TABLE seals (
    department   text PRIMARY KEY REFERENCES departments (code),
    name         text NOT NULL,
    sm2_key      bytea NOT NULL,
    sm2_cert     bytea NOT NULL,
    seal         bytea NOT NULL,
    picture      bytea NOT NULL,
    pdf_key      bytea NOT NULL,
    pdf_cert     bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The local certificate authorities (SM2 for seals, P-256 for PDFs), their
-- keys encrypted with the master key.
CREATE TABLE authorities (
    kind       text PRIMARY KEY CHECK (kind IN ('sm2', 'p256')),
    cert       bytea NOT NULL,
    key        bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A licence issued by a case item is issued once: a retried or repeated
-- issuing step finds it.
ALTER TABLE licences ADD COLUMN case_id uuid REFERENCES cases (id);
ALTER TABLE licences ADD COLUMN item text;
ALTER TABLE licences ADD COLUMN superseded_by uuid REFERENCES licences (id);
ALTER TABLE licences ADD COLUMN revoked_reason text;
CREATE UNIQUE INDEX licences_case_item ON licences (case_id, item) WHERE case_id IS NOT NULL;
CREATE SEQUENCE licence_numbers;

-- Sealed documents: the licence itself and the decision (准予行政许可决定书),
-- the signed PDF in the blob store and the GB/T 38540 signature beside it.
CREATE TABLE documents (
    id           uuid PRIMARY KEY,
    licence_id   uuid NOT NULL REFERENCES licences (id),
    case_id      uuid REFERENCES cases (id),
    kind         text NOT NULL CHECK (kind IN ('licence', 'decision')),
    department   text NOT NULL REFERENCES departments (code),
    sha256       text NOT NULL,
    size         bigint NOT NULL,
    ses_signature bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (licence_id, kind)
);

-- The licence an item's approval issues.
ALTER TABLE items ADD COLUMN licence text NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN licence_name text NOT NULL DEFAULT '';
