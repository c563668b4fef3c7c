-- The statements xueji's PostgreSQL backend sends for a point query (`find where no = …`): the
-- catch-up (a part of at most 16 MiB of entries), then the query compiled to SQL, which reads
-- the partition of the province the session's registry puts the student in (asked again through
-- `homes` only when it is empty).
\set k random(1, 2000)
SELECT seq, prev, payload, hash, links FROM journal WHERE seq > (SELECT seq - 16 FROM xueji_head) AND seq <= (SELECT coalesce(max(w.seq), (SELECT seq - 15 FROM xueji_head)) FROM (SELECT seq, sum(octet_length(payload)) OVER (ORDER BY seq) AS total FROM journal WHERE seq > (SELECT seq - 16 FROM xueji_head) ORDER BY seq LIMIT 100000) w WHERE w.total <= 16777216) ORDER BY seq;
SELECT s.number, s.name, s.gender, to_char(s.birth, 'YYYY-MM-DD'), lpad(s.school::text, 10, '0'), (s.grade)::text, s.status FROM students_41 s WHERE s.province = 41 AND s.number = 'T' || :k ORDER BY s.row;
