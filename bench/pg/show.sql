-- The one statement xueji's PostgreSQL backend sends for a point query (show): the catch-up
-- before it; the answer comes from the session's memory.
SELECT seq, prev, payload, hash FROM journal WHERE seq > (SELECT seq - 16 FROM xueji_head) ORDER BY seq;
