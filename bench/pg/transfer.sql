-- The statements xueji's PostgreSQL backend sends for one transfer (within a province: pgbench's students stay in 41) on a registry kept by one
-- server (bench/pg.sh captures them from xueji-pgbench into captured.sql), with pgbench variables
-- for the values it binds. The backend hands the statements after the catch-up to its connection
-- at once and waits once: here a pipeline.
\set k random(1, 2000)
\set p 41
SELECT seq, prev, payload, hash FROM journal WHERE seq > (SELECT seq - 16 FROM xueji_head) ORDER BY seq;
BEGIN;
SELECT seq FROM xueji_head FOR UPDATE \gset
SELECT seq, prev, payload, hash FROM journal WHERE seq > :seq ORDER BY seq;
\set next :seq + 1
\startpipeline
WITH home AS (INSERT INTO homes (number, province) SELECT * FROM unnest(ARRAY['T' || :k], ARRAY[:p]::smallint[]) ON CONFLICT (number) DO UPDATE SET province = excluded.province) DELETE FROM id_numbers WHERE number = ANY(ARRAY['T' || :k]);
DELETE FROM students_41 WHERE number = ANY(ARRAY['T' || :k]);
WITH ids AS (INSERT INTO id_numbers (id_card, number) SELECT * FROM unnest(ARRAY['J' || :k], ARRAY['T' || :k])) INSERT INTO students (province, number, id_card, name, gender, birth, ethnicity, hukou, school, grade, class, status, enrolled_on, status_since, migrant, left_behind) SELECT p, n, nullif(i, ''), nm, g, b::date, e, nullif(h, 0), s, gr, nullif(c, -1), st, eo::date, ss::date, CASE m WHEN 1 THEN true WHEN 0 THEN false END, CASE l WHEN 1 THEN true WHEN 0 THEN false END FROM unnest(ARRAY[:p]::smallint[], ARRAY['T' || :k], ARRAY['J' || :k], ARRAY['学生'], ARRAY['male'], ARRAY['2015-03-04'], ARRAY['汉族'], ARRAY[410303], ARRAY[4103030001::bigint], ARRAY[3::smallint], ARRAY[-1::smallint], ARRAY['active'], ARRAY['2025-09-01'], ARRAY['2025-09-01'], ARRAY[-1::smallint], ARRAY[-1::smallint]) AS t(p, n, i, nm, g, b, e, h, s, gr, c, st, eo, ss, m, l);
WITH event AS (INSERT INTO events (province, number, entry, position, kind, day, recorded_at, changes) SELECT p, n, en, o, k, d::date, to_timestamp(r), c::jsonb FROM unnest(ARRAY[:p]::smallint[], ARRAY['T' || :k], ARRAY[:next::bigint], ARRAY[0], ARRAY['transfer'], ARRAY['2025-09-01'], ARRAY[1761955200::float8], ARRAY['[{"field": "school", "before": "4103030001", "after": "4103030002"}]']) AS t(p, n, en, o, k, d, r, c)), entry AS (INSERT INTO journal (seq, prev, payload, hash, label, day, recorded_at) VALUES (:next, '\xcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd'::bytea, '\xabababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab'::bytea, sha256((:next)::text::bytea), 'transfer', '2025-09-01'::date, to_timestamp(1761955200))) UPDATE xueji_head SET seq = :next, hash = sha256((:next)::text::bytea);
COMMIT;
\endpipeline
