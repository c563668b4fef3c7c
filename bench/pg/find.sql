-- The statements xueji's PostgreSQL backend sends for a point query (`find where no = …`): the
-- catch-up, then the query compiled to SQL, which looks the student's province up in `homes`
-- and reads that partition only.
\set k random(1, 2000)
SELECT seq, prev, payload, hash FROM journal WHERE seq > (SELECT seq - 16 FROM xueji_head) ORDER BY seq;
SELECT s.number, s.name, s.gender, to_char(s.birth, 'YYYY-MM-DD'), lpad(s.school::text, 10, '0'), (s.grade)::text, s.status FROM students s WHERE s.province = (SELECT province FROM homes WHERE number = 'T' || :k) AND s.number = 'T' || :k ORDER BY s.row;
