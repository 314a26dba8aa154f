-- Where a case was filed (issue 19): online (the web site), mobile (the
-- phone app), or window (entered by staff for a person at the counter).
-- 网办率 is online and mobile over all cases. A window case names the
-- counter (window) and the staff who entered it.
ALTER TABLE cases ADD COLUMN channel text NOT NULL DEFAULT 'online'
    CHECK (channel IN ('online', 'window', 'mobile'));
ALTER TABLE cases ADD COLUMN window_name text NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN entered_by text NOT NULL DEFAULT '';
ALTER TABLE cases ADD CONSTRAINT cases_window_named
    CHECK (channel <> 'window' OR (window_name <> '' AND entered_by <> ''));
