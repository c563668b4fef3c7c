-- Graduate every final-grade student (journaled: sqlite's rollback journal / DuckDB's WAL).
UPDATE students SET status = 'graduated' WHERE grade IN (6, 9, 12) AND status = 'active';
