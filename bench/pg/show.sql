-- The statements xueji's PostgreSQL backend sends for one point query (show): the catch-up before it; the answer comes from the session's memory (bench/pg.sh captures them
-- from xueji-pgbench into captured.sql), with pgbench variables for the values it binds.
SELECT seq, prev, payload, hash FROM journal WHERE seq > (SELECT seq - 16 FROM xueji_head) ORDER BY seq;
