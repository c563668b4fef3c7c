-- The statements xueji's PostgreSQL backend sends for a point query (`find where no = …`): the
-- catch-up (a part of at most 16 MiB of entries), then the query compiled to SQL, which reads
-- the partition of the province the session's registry puts the student in (asked again through
-- `homes` only when it is empty).
\set k random(1, 2000)
WITH r AS (SELECT '' AS routing, (SELECT seq FROM xueji_head) AS head) SELECT j.seq, j.prev, j.payload, j.hash, j.links, r.routing, r.head FROM r LEFT JOIN journal j ON j.seq > (SELECT seq - 16 FROM xueji_head) AND j.seq <= (SELECT coalesce(max(w.seq), (SELECT seq - 15 FROM xueji_head)) FROM (SELECT seq, sum(octet_length(payload)) OVER (ORDER BY seq) AS total FROM journal WHERE seq > (SELECT seq - 16 FROM xueji_head) ORDER BY seq LIMIT 100000) w WHERE w.total <= 16777216) ORDER BY j.seq;
SELECT s.number, s.name, s.gender, to_char(s.birth, 'YYYY-MM-DD'), lpad(s.school::text, 10, '0'), (s.grade)::text, s.status FROM students_41 s WHERE s.province = 41 AND s.number = 'T' || :k ORDER BY s.row;
