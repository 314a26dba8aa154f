-- What OCR read from a scan (ID number, name, credit code …), compared
-- with the form by the review points.
ALTER TABLE materials ADD COLUMN fields jsonb NOT NULL DEFAULT '{}';
