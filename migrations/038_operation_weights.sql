-- The published weights of the departments' monthly evaluation (部门考评,
-- issue 19): one row per "799" figure key. An admin edits them on
-- /admin/operations/weights; each change is audited (action
-- operations.weights), and the row keeps who changed it last and when.
-- A score is Σ weight × attainment / Σ weight over the measured figures.
CREATE TABLE operation_weights (
    figure     text PRIMARY KEY,
    weight     double precision NOT NULL CHECK (weight >= 0 AND weight <= 1000),
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Equal weights to start with, published by the system.
INSERT INTO operation_weights (figure, weight, updated_by, updated_at)
SELECT figure, 1, 'system', now()
FROM unnest(ARRAY['prefill', 'first_pass', 'apply_minutes', 'on_time', 'online', 'help_resolution',
    'help_first_minute', 'assistant_resolution', 'rating_good', 'rectification', 'obstacles_on_time']) AS figure;
