-- Models learned from past cases (模型纳管): each training is a version
-- with its hold-out metrics; one version per item is active.
CREATE TABLE models (
    item       text NOT NULL,
    version    int NOT NULL,
    model      jsonb NOT NULL,
    metrics    jsonb NOT NULL,
    trained_at timestamptz NOT NULL DEFAULT now(),
    trained_on int NOT NULL,
    active     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (item, version)
);
CREATE UNIQUE INDEX models_active ON models (item) WHERE active;
