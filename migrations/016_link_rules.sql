-- Linked changes (联动变更): for each licence type, which business-licence
-- fields it embeds and how a change to each is handled: reissued at once
-- with the department's seal (auto), reviewed by the department (review),
-- or left alone (none).
CREATE TABLE link_rules (
    licence_type text NOT NULL,
    field        text NOT NULL,
    handling     text NOT NULL CHECK (handling IN ('auto', 'review', 'none')),
    PRIMARY KEY (licence_type, field)
);

-- A licence's versions share its number.
ALTER TABLE licences DROP CONSTRAINT licences_number_key;
ALTER TABLE licences ADD CONSTRAINT licences_number_version UNIQUE (number, version);

-- An item that amends a licence the holder has (变更登记) instead of
-- issuing a new one.
ALTER TABLE items ADD COLUMN amends boolean NOT NULL DEFAULT false;
