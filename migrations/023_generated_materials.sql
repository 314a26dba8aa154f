-- Application forms written from the form at submission (申请材料自动生成)
-- are materials like any other, marked as generated rather than uploaded.
ALTER TABLE materials ADD COLUMN generated boolean NOT NULL DEFAULT false;

-- The values a draft took from a scan's OCR reading once the applicant
-- accepted them (证件识别): field key → the value, the scan it was read
-- from and when, so the form can say where each still-kept value came from.
ALTER TABLE drafts ADD COLUMN scanned jsonb NOT NULL DEFAULT '{}';
