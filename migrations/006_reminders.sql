-- An item's reminder points ("50%", "1d"); empty means the defaults.
ALTER TABLE items ADD COLUMN reminders jsonb NOT NULL DEFAULT '[]';
