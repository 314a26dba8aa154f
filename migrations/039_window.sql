-- 窗口代办 (issue 19): a counter clerk's user names the counter they sit
-- at, and a draft a clerk entered for the person at the counter records
-- the clerk: only they and the person edit it.
ALTER TABLE users ADD COLUMN window_name text NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN entered_by text NOT NULL DEFAULT '';
-- Finding a person's account by ID number at the counter.
CREATE INDEX users_id_number ON users (id_number) WHERE id_number IS NOT NULL;
