-- Haoban's own database; Temporal's auto-setup creates temporal and
-- temporal_visibility itself.
CREATE DATABASE haoban TEMPLATE template0 ENCODING 'UTF8';
