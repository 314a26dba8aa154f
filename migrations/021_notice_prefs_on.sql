-- A kind can be off by default on a channel (a new task reaches reviewers
-- in the app only, haoban.NoticeKind.DefaultOn): a row then records the
-- person switching it on. enabled false is a channel switched off.
ALTER TABLE notice_prefs ADD COLUMN enabled boolean NOT NULL DEFAULT false;
