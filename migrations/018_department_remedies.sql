-- Where an applicant turns against a department's decision: the body that
-- hears administrative reconsideration (行政复议) and the court that hears
-- an administrative suit (行政诉讼). Shown with every refusal.
ALTER TABLE departments ADD COLUMN review_body text NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN court text NOT NULL DEFAULT '';
