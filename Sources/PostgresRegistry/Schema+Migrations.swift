/// The schema's migrations, in order: each one a step of the tables, never edited once
/// released (a change to the schema is a new migration at the end).
extension Schema {
    /// Every migration, in order.
    static let migrations: [Migration] = [
        Migration(version: 1, description: "journal chain, head, ID-number coordinator, students and events by province", sql: [
            """
            CREATE TABLE journal (
                seq bigint PRIMARY KEY CHECK (seq >= 1),
                prev bytea NOT NULL,
                payload bytea NOT NULL,
                hash bytea NOT NULL UNIQUE,
                label text NOT NULL,
                day date,
                recorded_at timestamptz NOT NULL)
            """,
            // One row: the chain's last entry. Writers lock it (SELECT … FOR UPDATE), so they
            // take turns, each seeing every entry before it.
            """
            CREATE TABLE xueji_head (
                one boolean PRIMARY KEY DEFAULT true CHECK (one),
                seq bigint NOT NULL,
                hash bytea NOT NULL)
            """,
            // R1 across every partition and shard: one row per ID number, whichever province holds the child.
            """
            CREATE TABLE id_numbers (
                id_card text PRIMARY KEY,
                number text NOT NULL UNIQUE)
            """,
            """
            CREATE TABLE schools (
                code bigint PRIMARY KEY,
                name text NOT NULL,
                stage text NOT NULL,
                district integer NOT NULL,
                province smallint NOT NULL)
            """,
            """
            CREATE TABLE students (
                province smallint NOT NULL,
                number text NOT NULL,
                id_card text,
                name text NOT NULL,
                gender text NOT NULL,
                birth date NOT NULL,
                ethnicity text NOT NULL,
                hukou integer,
                school bigint NOT NULL,
                grade smallint NOT NULL,
                class smallint,
                status text NOT NULL,
                enrolled_on date NOT NULL,
                status_since date NOT NULL,
                migrant boolean,
                left_behind boolean) PARTITION BY LIST (province)
            """,
            """
            CREATE TABLE events (
                province smallint NOT NULL,
                number text NOT NULL,
                entry bigint NOT NULL,
                position integer NOT NULL,
                kind text NOT NULL,
                day date NOT NULL,
                recorded_at timestamptz NOT NULL,
                changes jsonb NOT NULL) PARTITION BY LIST (province)
            """,
        ] + partitions.flatMap(partitionSQL)),
        // R18 in the database: each actor is a role (made as actors are added) that may read
        // the parent tables only, and sees there only the schools and students in its scope.
        Migration(version: 2, description: "row-level security: each actor sees only its scope (R18)", sql: [
            """
            CREATE FUNCTION xueji_sees(actor text, school bigint) RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
                SELECT actor = 'national'
                    OR (actor LIKE 'school:%' AND split_part(actor, ':', 2) = school::text)
                    OR (split_part(actor, ':', 1) IN ('county', 'city', 'province')
                        AND EXISTS (SELECT 1 FROM schools s WHERE s.code = school
                                    AND s.district::text LIKE split_part(actor, ':', 2) || '%'))
            $$
            """,
            "ALTER TABLE schools ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY xueji_scope ON schools FOR SELECT USING (xueji_sees(current_user, code))",
            "ALTER TABLE students ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY xueji_scope ON students FOR SELECT USING (xueji_sees(current_user, school))",
            "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
            """
            CREATE POLICY xueji_scope ON events FOR SELECT
            USING (EXISTS (SELECT 1 FROM students s WHERE s.number = events.number AND xueji_sees(current_user, s.school)))
            """,
            // Which actors hold grants in this database (roles themselves are the cluster's).
            """
            CREATE TABLE actor_roles (
                role name PRIMARY KEY,
                revoked boolean NOT NULL)
            """,
        ]),
        // Sharding: which shard server holds which provinces' rows. On the coordinator those
        // partitions are postgres_fdw foreign tables; xueji writes them on the shards directly,
        // two-phase, the decision being the coordinator's journal row.
        Migration(version: 3, description: "shards: the servers that hold the provinces' rows", sql: [
            """
            CREATE TABLE shards (
                name text PRIMARY KEY,
                address text NOT NULL,
                provinces text[] NOT NULL)
            """,
            // Where each student's rows are: point statements and moves go to that province's server.
            """
            CREATE TABLE homes (
                number text PRIMARY KEY,
                province smallint NOT NULL)
            """,
        ]),
        // Queries compiled to SQL: a student's row number in the registry (its order when a find
        // names none), and the districts' names (GB/T 2260) that `hukou.name` and
        // `school.district.name` read.
        Migration(version: 4, description: "queries in SQL: row order, district names", sql: [
            "ALTER TABLE students ADD COLUMN row integer",
            // The lookups the engine's own indexes serve (a foreign partition has its shard's).
            "CREATE INDEX ON students (name COLLATE \"C\")",
            "CREATE INDEX ON students (id_card)",
            "CREATE INDEX ON students (hukou)",
            "CREATE INDEX ON students (birth)",
            """
            CREATE TABLE districts (
                code integer PRIMARY KEY,
                name text NOT NULL)
            """,
        ]),
        // `as of` in SQL: each version of each student's record with the days it held
        // (`valid`, from the effective day of the event that made it to that of the next), in
        // the partition of the student's province now.
        Migration(version: 5, description: "students' versions with validity ranges (as of)", sql: [
            """
            CREATE TABLE student_versions (
                province smallint NOT NULL,
                row integer NOT NULL,
                valid daterange NOT NULL,
                number text NOT NULL,
                id_card text,
                name text NOT NULL,
                gender text NOT NULL,
                birth date NOT NULL,
                ethnicity text NOT NULL,
                hukou integer,
                school bigint NOT NULL,
                grade smallint NOT NULL,
                class smallint,
                status text NOT NULL,
                enrolled_on date NOT NULL,
                migrant boolean,
                left_behind boolean) PARTITION BY LIST (province)
            """,
        ] + partitions.flatMap(versionPartitionSQL)),
        // The writer lock and the entries written before it was granted, in one trip to the
        // server: a function's statements each take a snapshot of their own, so the entries'
        // SELECT sees what the writers it waited for committed.
        Migration(version: 6, description: "writer lock and catch-up in one call", sql: [
            """
            CREATE FUNCTION xueji_lock(after bigint)
            RETURNS TABLE (seq bigint, prev bytea, payload bytea, hash bytea)
            LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                PERFORM 1 FROM xueji_head FOR UPDATE;
                RETURN QUERY SELECT j.seq, j.prev, j.payload, j.hash FROM journal j WHERE j.seq > after ORDER BY j.seq;
            END
            $$
            """,
        ]),
        // `history` in SQL: who recorded each event and why, the growth record's kind and text,
        // the guardian's relation; a first enrolment's changes are the record as enrolled. Rows
        // written before are filled in from the journal at the first query (`xueji_backfill`
        // says what is to fill, so that no session scans the tables to find out).
        Migration(version: 7, description: "events as history shows them", sql: [
            "ALTER TABLE events ADD COLUMN actor text, ADD COLUMN reason text, ADD COLUMN growth text, ADD COLUMN note text, ADD COLUMN relation text",
            "CREATE TABLE xueji_backfill (what text PRIMARY KEY)",
            "INSERT INTO xueji_backfill SELECT 'events' WHERE EXISTS (SELECT 1 FROM events)",
            "INSERT INTO xueji_backfill SELECT 'rows' WHERE EXISTS (SELECT 1 FROM students WHERE row IS NULL)",
            "INSERT INTO xueji_backfill SELECT 'versions' WHERE EXISTS (SELECT 1 FROM students) AND NOT EXISTS (SELECT 1 FROM student_versions)",
        ]),
        // The versions under R18 too, as the events are: an actor reads the versions of the
        // students in its scope. And shards made before `async_capable` was set read at once too.
        Migration(version: 8, description: "row-level security on the versions; shards read at once", sql: [
            "ALTER TABLE student_versions ENABLE ROW LEVEL SECURITY",
            """
            CREATE POLICY xueji_scope ON student_versions FOR SELECT
            USING (EXISTS (SELECT 1 FROM students s WHERE s.number = student_versions.number AND xueji_sees(current_user, s.school)))
            """,
            """
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT role FROM actor_roles WHERE NOT revoked LOOP
                    EXECUTE format('GRANT SELECT ON student_versions TO %I', r.role);
                END LOOP;
                FOR r IN SELECT srvname FROM pg_foreign_server
                         WHERE srvname LIKE 'xueji_shard%' AND NOT coalesce(srvoptions, '{}') @> ARRAY['async_capable=true'] LOOP
                    EXECUTE format('ALTER SERVER %I OPTIONS (ADD async_capable %L)', r.srvname, 'true');
                END LOOP;
            END
            $$
            """,
        ]),
        // The chain kept by province (省级统筹): each entry after the anchor links to the last
        // entry of every province it is about (`links`: 33 bytes a province, its code then that
        // hash; `prev` is their SHA-256), so that each province's chain can be followed on its
        // own (`province_chains`). A registry made before is anchored at its head of then; a
        // new one at the start; one copied in at the copied head.
        Migration(version: 9, description: "the journal's chains by province, from an anchor", sql: [
            "ALTER TABLE journal ADD COLUMN links bytea CHECK (length(links) % 33 = 0 AND length(links) > 0)",
            """
            CREATE TABLE xueji_anchor (
                one boolean PRIMARY KEY DEFAULT true CHECK (one),
                seq bigint NOT NULL,
                hash bytea NOT NULL)
            """,
            "INSERT INTO xueji_anchor (seq, hash) SELECT seq, hash FROM xueji_head",
            "DROP FUNCTION xueji_lock(bigint)",
            """
            CREATE FUNCTION xueji_lock(after bigint)
            RETURNS TABLE (seq bigint, prev bytea, payload bytea, hash bytea, links bytea)
            LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                PERFORM 1 FROM xueji_head FOR UPDATE;
                RETURN QUERY SELECT j.seq, j.prev, j.payload, j.hash, j.links FROM journal j WHERE j.seq > after ORDER BY j.seq;
            END
            $$
            """,
            // Each province's chain, entry by entry (province 0: the national chain).
            """
            CREATE VIEW province_chains AS
            SELECT get_byte(j.links, i * 33)::smallint AS province, j.seq, substring(j.links FROM i * 33 + 2 FOR 32) AS prev,
                   j.hash, j.label, j.day
            FROM journal j, generate_series(0, length(j.links) / 33 - 1) AS i
            WHERE j.links IS NOT NULL
            """,
        ]),
        // The writer lock as the session's advisory lock (key 7462), outliving the lock call's own
        // transaction: a one-statement write is then its statement alone, committing as it ends
        // (no `BEGIN`, no `COMMIT`: one trip under the lock where there were two), and releases
        // the lock in its `UPDATE xueji_head … RETURNING pg_advisory_unlock(7462)`. The head's row
        // lock, which that UPDATE holds to its commit, keeps the next writer waiting here until
        // the entry is there to read. A session that stops while holding it (suspended, hung) is
        // ended by the server after the idle timeout, as one idle in a transaction is.
        Migration(version: 10, description: "the writer lock held across a one-statement write's commit", sql: [
            """
            CREATE OR REPLACE FUNCTION xueji_lock(after bigint)
            RETURNS TABLE (seq bigint, prev bytea, payload bytea, hash bytea, links bytea)
            LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                PERFORM pg_advisory_lock(7462);
                PERFORM set_config('idle_session_timeout', current_setting('idle_in_transaction_session_timeout'), false);
                PERFORM 1 FROM xueji_head FOR UPDATE;
                RETURN QUERY SELECT j.seq, j.prev, j.payload, j.hash, j.links FROM journal j WHERE j.seq > after ORDER BY j.seq;
            END
            $$
            """,
        ]),
        // A scope's former students (WORKFLOW.md), as the engine shows them: an actor reads the
        // versions of the days a student was in its scope, and the events up to the day the
        // student left it (the change that took them out included); the students it keeps now,
        // every version and event as before.
        Migration(version: 11, description: "row-level security: a scope's former students up to the day they left", sql: [
            "DROP POLICY xueji_scope ON student_versions",
            """
            CREATE POLICY xueji_scope ON student_versions FOR SELECT
            USING (xueji_sees(current_user, student_versions.school)
                   OR EXISTS (SELECT 1 FROM students s WHERE s.number = student_versions.number AND xueji_sees(current_user, s.school)))
            """,
            "DROP POLICY xueji_scope ON events",
            """
            CREATE POLICY xueji_scope ON events FOR SELECT
            USING (EXISTS (SELECT 1 FROM students s WHERE s.number = events.number AND xueji_sees(current_user, s.school))
                   OR EXISTS (SELECT 1 FROM student_versions v
                              WHERE v.number = events.number AND NOT upper_inf(v.valid) AND xueji_sees(current_user, v.school)
                                AND (events.day < upper(v.valid)
                                     OR (events.day = upper(v.valid) AND events.changes @> '[{"field": "school"}]'))))
            """,
            // The actors' reads are short: JIT compiling these policies' plans (estimated over
            // empty partitions) took seconds. Roles made from now on get it as they are made.
            """
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT role FROM actor_roles WHERE NOT revoked LOOP
                    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET jit = off', r.role, current_database());
                END LOOP;
            END
            $$
            """,
        ]),
        // Each event's record as the journal holds it (`JournalChain.eventRecords`), so that a
        // session can rebuild one student, or one scope's, from the tables without the entries
        // it came in (an import is one entry of millions). Rows written before are written again
        // from the journal at the first query.
        Migration(version: 12, description: "each event's journal record beside its row", sql: [
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS record bytea",
            "INSERT INTO xueji_backfill SELECT 'events' WHERE EXISTS (SELECT 1 FROM events) ON CONFLICT DO NOTHING",
        ]),
        // A session that holds one scope (`ChainDatabase.init(store:today:scope:)`) reads, of the
        // entries before it opened, only those carrying what every session keeps (`shared`:
        // schools, actors, requests, the calendar; null: not known yet, read too), and finds the
        // students who are or were at its schools by the versions' school.
        Migration(version: 13, description: "a scope's students found without the whole journal", sql: [
            "ALTER TABLE journal ADD COLUMN IF NOT EXISTS shared boolean",
            "CREATE INDEX IF NOT EXISTS journal_shared ON journal (seq) WHERE shared IS NOT false",
            "CREATE INDEX IF NOT EXISTS student_versions_school ON student_versions (school)",
            "INSERT INTO xueji_backfill SELECT 'shared' WHERE EXISTS (SELECT 1 FROM journal) ON CONFLICT DO NOTHING",
        ]),
        // R3's L number stays an alias of the student once an ID card gives them a G number: a
        // scoped session finds by it a student it does not hold, as a whole session does.
        Migration(version: 14, description: "the L numbers that became G numbers, on the coordinator", sql: [
            """
            CREATE TABLE IF NOT EXISTS number_aliases (
                alias text PRIMARY KEY,
                number text NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS number_aliases_number ON number_aliases (number)",
            Schema.aliasesFromEvents,
        ]),
        // Each province's chain's last entry, written with each entry: a session that holds one
        // scope (and never reads the other provinces' entries before it opened) checks every
        // link of the entries it reads after, as a session that replayed them all does.
        Migration(version: 15, description: "each province's last entry, on the coordinator", sql: [
            """
            CREATE TABLE IF NOT EXISTS province_heads (
                province smallint PRIMARY KEY,
                seq bigint NOT NULL,
                hash bytea NOT NULL)
            """,
            "DELETE FROM province_heads",
            "INSERT INTO province_heads SELECT * FROM (\(Schema.provinceHeadsFromJournal)) h",
        ]),
        // How many students were ever registered, written with each entry: the row (registry
        // order) of the next one, for a session that holds one scope and makes changes (it
        // does not count the others itself).
        Migration(version: 16, description: "the students ever registered, with the head", sql: [
            "ALTER TABLE xueji_head ADD COLUMN IF NOT EXISTS students bigint",
            "UPDATE xueji_head SET students = (SELECT coalesce(max(row) + 1, count(*)) FROM students)",
        ]),
        // The R1 table holds voided registrations' ID numbers too (the engine refuses them as
        // well), so that a session's R1 question reads it alone; a registry copied in before
        // held none there.
        Migration(version: 17, description: "every registration's ID number in the R1 table, voided ones too", sql: [
            """
            INSERT INTO id_numbers (id_card, number)
            SELECT id_card, number FROM students WHERE id_card IS NOT NULL
            ON CONFLICT DO NOTHING
            """,
        ]),
        // A national read through the coordinator takes its rows from each shard 10,000 at a
        // time, not postgres_fdw's 100 (a round trip each): at 1 M students over two shards an
        // export in parts took 19.6 s, not 22.4; `check zoning by school.province` 0.8 s, not 1.3.
        Migration(version: 18, description: "shards read 10,000 rows a trip", sql: [
            """
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT srvname FROM pg_foreign_server
                         WHERE srvname LIKE 'xueji_shard%' AND NOT EXISTS (
                             SELECT 1 FROM unnest(coalesce(srvoptions, '{}')) o WHERE o LIKE 'fetch_size=%') LOOP
                    EXECUTE format('ALTER SERVER %I OPTIONS (ADD fetch_size %L)', r.srvname, '\(Sharding.fetchSize)');
                END LOOP;
            END
            $$
            """,
        ]),
    ]
}
