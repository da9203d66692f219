-- The DuckDB peer of the `analyses` section of bench/run: the five analyses as SQL, on the
-- database bench/duckdb_load.mjs made (bench/out/duckdb.duckdb: the export's files as tables,
-- events.time a TIMESTAMP in UTC, event_id a BIGINT, IDs VARCHAR). Run by
--
--     node bench/duckdb_analyses.mjs DB bench/analyses_duckdb.sql OUTDIR RUNS AS_OF
--
-- which substitutes {{AS_OF}} (the as-of time, "YYYY-MM-DD HH:MM:SS.fff" UTC: docs/definitions.md,
-- the midnight ending the latest event's day), runs the setup (everything before the first
-- "-- query:" line) untimed, then times each query RUNS times and writes its rows of the last
-- run, tab-separated, to OUTDIR/duckdb-NAME.tsv. bench/analyses_sqlite.sql is the same in
-- SQLite's dialect; bench/README.md says what each query is.
--
-- What Pulsebook applies and the SQL must too (docs/definitions.md):
-- * identity merges: events of user_migrations.from_user_id belong to to_user_id, following
--   chains to their end (Pulsebook does this at sync; here the view `ev` maps every event's
--   user, so the cost is in every query). A merged ID is no user of its own.
-- * nothing at or after as_of counts; "within D days" is [as_of - D days, as_of).
-- * a user's events are ordered by (time, event_id); event_id is a whole number here.

-- Each merged ID and the user it ends up as (the end of its chain of merges; Pulsebook rejects
-- cycles at sync, and the demo data has none).
CREATE TEMP VIEW merged AS
WITH RECURSIVE chain(from_id, to_id) AS (
    SELECT from_user_id, to_user_id FROM user_migrations
    UNION ALL
    SELECT c.from_id, m.to_user_id FROM chain c JOIN user_migrations m ON m.from_user_id = c.to_id
)
SELECT from_id, to_id FROM chain c
WHERE NOT EXISTS (SELECT 1 FROM user_migrations m WHERE m.from_user_id = c.to_id);

-- Every event with its user after the merges (uid).
CREATE TEMP VIEW ev AS
SELECT e.event_id, coalesce(m.to_id, e.user_id) AS uid, e.time, e.event
FROM events e LEFT JOIN merged m ON m.from_id = e.user_id;

-- query: funnel
-- Login -> Run Query -> View Chart -> Save Report, sequential, entries (Login) in
-- [2026-08-01, 2026-11-01), window 14 days: users per step.
-- From an entry at t1 the earliest matching event of each later step, each after the previous
-- one in (time, event_id) order, must have time <= t1 + 14 days (taking the earliest never
-- loses); a user counts once, with the furthest step over all entries. Rows: step, event, users.
-- "The earliest event of step j after the previous step's event" is an ASOF join on the
-- user and an order key k: (time, event_id) as one HUGEINT (epoch ms in the high 64 bits,
-- event_id + 2^63 in the low ones).
WITH steps AS (
    -- The events that can be a step. Only those from `from` on matter (a step is after an
    -- entry) and up to `to` + 14 days (the last deadline); before as_of.
    SELECT uid, event, time,
        (epoch_ms(time)::HUGEINT << 64) + (event_id::HUGEINT + 9223372036854775808) AS k
    FROM ev
    WHERE event IN ('Login', 'Run Query', 'View Chart', 'Save Report')
      AND time >= TIMESTAMP '2026-08-01' AND time <= TIMESTAMP '2026-11-01' + INTERVAL 14 DAY
      AND time < TIMESTAMP '{{AS_OF}}'
),
step1 AS (
    SELECT uid, k, time + INTERVAL 14 DAY AS deadline
    FROM steps
    WHERE event = 'Login' AND time >= TIMESTAMP '2026-08-01' AND time < TIMESTAMP '2026-11-01'
),
step2 AS (
    SELECT e.uid, e.deadline, s.k, s.time AS t2
    FROM step1 e ASOF LEFT JOIN (SELECT * FROM steps WHERE event = 'Run Query') s
        ON s.uid = e.uid AND e.k < s.k
),
step3 AS (
    SELECT e.uid, e.deadline, e.t2, s.k, s.time AS t3
    FROM step2 e ASOF LEFT JOIN (SELECT * FROM steps WHERE event = 'View Chart') s
        ON s.uid = e.uid AND e.k < s.k
),
step4 AS (
    SELECT e.uid, e.deadline, e.t2, e.t3, s.time AS t4
    FROM step3 e ASOF LEFT JOIN (SELECT * FROM steps WHERE event = 'Save Report') s
        ON s.uid = e.uid AND e.k < s.k
),
reached AS (
    -- Per entry: the furthest step reached within t1 + 14 days (inclusive).
    SELECT uid,
        CASE WHEN t2 IS NULL OR t2 > deadline THEN 1
             WHEN t3 IS NULL OR t3 > deadline THEN 2
             WHEN t4 IS NULL OR t4 > deadline THEN 3
             ELSE 4 END AS step
    FROM step4
),
furthest AS (SELECT uid, max(step) AS step FROM reached GROUP BY uid)
SELECT s.n, s.event, count(f.uid) AS users
FROM (VALUES (1, 'Login'), (2, 'Run Query'), (3, 'View Chart'), (4, 'Save Report')) s(n, event)
LEFT JOIN furthest f ON f.step >= s.n
GROUP BY s.n, s.event
ORDER BY s.n;

-- query: retention
-- Start Login, return View Chart, period 7 days, periods 0-7, starts in [2026-08-01,
-- 2026-10-01), mode "on". t0 = the user's first Login in the range (before as_of); cohort = the
-- ISO week (Monday, UTC) of t0. Period n >= 1 counts the user only when t0 + (n+1)*7 days <=
-- as_of (eligible); retained in n = a View Chart in [t0 + n*7 days, t0 + (n+1)*7 days).
-- Rows: cohort, n, retained, eligible (n = 0: the cohort size twice); cohort "all" sums them.
-- Periods without eligible users have no row (Pulsebook: blank). Time differences are taken
-- in whole milliseconds (epoch_ms).
WITH starts AS (
    SELECT uid, t0, strftime(date_trunc('week', t0), '%Y-%m-%d') AS cohort,
        epoch_ms(t0) AS t0_ms
    FROM (
        SELECT uid, min(time) AS t0
        FROM ev
        WHERE event = 'Login'
          AND time >= TIMESTAMP '2026-08-01' AND time < TIMESTAMP '2026-10-01'
          AND time < TIMESTAMP '{{AS_OF}}'
        GROUP BY uid)
),
eligible AS (
    SELECT s.cohort, p.n, count(*) AS users
    FROM starts s, range(0, 8) p(n)
    WHERE p.n = 0 OR s.t0_ms + (p.n + 1) * 604800000 <= epoch_ms(TIMESTAMP '{{AS_OF}}')
    GROUP BY s.cohort, p.n
),
returns AS (
    -- The View Chart events that can count: from `from` + 7 days (the earliest t0 + 7 days)
    -- on, before as_of.
    SELECT uid, epoch_ms(time) AS ms
    FROM ev
    WHERE event = 'View Chart'
      AND time >= TIMESTAMP '2026-08-08' AND time < TIMESTAMP '{{AS_OF}}'
),
retained AS (
    -- Per cohort and eligible period n >= 1: the users with a View Chart in it.
    SELECT cohort, n, count(DISTINCT uid) AS users
    FROM (
        SELECT s.uid, s.cohort, s.t0_ms, (r.ms - s.t0_ms) // 604800000 AS n
        FROM starts s JOIN returns r ON r.uid = s.uid
        WHERE r.ms >= s.t0_ms + 604800000)
    WHERE n <= 7 AND t0_ms + (n + 1) * 604800000 <= epoch_ms(TIMESTAMP '{{AS_OF}}')
    GROUP BY cohort, n
),
cells AS (
    SELECT e.cohort, e.n, CASE WHEN e.n = 0 THEN e.users ELSE coalesce(r.users, 0) END AS retained,
        e.users AS eligible
    FROM eligible e LEFT JOIN retained r ON r.cohort = e.cohort AND r.n = e.n
)
SELECT cohort, n, retained, eligible FROM cells
UNION ALL
SELECT 'all', n, sum(retained), sum(eligible) FROM cells GROUP BY n
ORDER BY cohort, n;

-- query: segment
-- did "Login" within 30d and not did "Run Query" within 30d: windows [as_of - 30 days,
-- as_of). Row: the number of users.
SELECT count(*) AS users
FROM (
    SELECT uid
    FROM ev
    WHERE event IN ('Login', 'Run Query')
      AND time >= TIMESTAMP '{{AS_OF}}' - INTERVAL 30 DAY AND time < TIMESTAMP '{{AS_OF}}'
    GROUP BY uid
    HAVING bool_or(event = 'Login') AND NOT bool_or(event = 'Run Query')
);

-- query: onboarding
-- Onboarding gaps (mode any) of the users of Maya Patel's accounts (account.csm = "Maya
-- Patel": text comparison is case-insensitive): the users with no event ever (before as_of)
-- of at least one of the workspace's onboarding steps. Users are users.csv's rows (users only
-- in events have no account) less the merged IDs. Rows: user_id, the missing steps in the
-- workspace's order joined with "; ".
WITH csm_users AS (
    SELECT u.user_id
    FROM users u JOIN accounts a ON a.account_id = u.account_id
    WHERE lower(a.csm) = lower('Maya Patel')
      AND u.user_id NOT IN (SELECT from_id FROM merged)
),
done AS (
    -- Per user with any step event: which steps they did.
    SELECT uid,
        max(event = 'Complete Profile') AS step1,
        max(event = 'Connect Data Source') AS step2,
        max(event = 'Invite Teammate') AS step3
    FROM ev
    WHERE event IN ('Complete Profile', 'Connect Data Source', 'Invite Teammate')
      AND time < TIMESTAMP '{{AS_OF}}'
    GROUP BY uid
)
SELECT c.user_id,
    substr(if(d.step1, '', '; Complete Profile')
           || if(d.step2, '', '; Connect Data Source')
           || if(d.step3, '', '; Invite Teammate'), 3) AS missing_steps
FROM csm_users c LEFT JOIN done d ON d.uid = c.user_id
WHERE d.uid IS NULL OR NOT (d.step1 AND d.step2 AND d.step3)
ORDER BY c.user_id;

-- query: trend
-- Run Query events per week (ISO weeks from Monday, UTC) in [2026-08-03, 2026-11-02) and
-- before as_of, grouped by the user property account_id (users.csv's; "(none)" when missing,
-- as for users only in events; `account.account_id` is no property in Pulsebook): the 10
-- groups with the most events in the range (ties by name) and "other" for the rest (when any
-- is left). Rows: week, group, events, for every week x series (0 included).
WITH counts AS (
    SELECT strftime(date_trunc('week', e.time), '%Y-%m-%d') AS week,
           coalesce(nullif(u.account_id, ''), '(none)') AS grp, count(*) AS events
    FROM ev e LEFT JOIN users u ON u.user_id = e.uid
    WHERE e.event = 'Run Query'
      AND e.time >= TIMESTAMP '2026-08-03' AND e.time < TIMESTAMP '2026-11-02'
      AND e.time < TIMESTAMP '{{AS_OF}}'
    GROUP BY ALL
),
ranked AS (
    SELECT grp, row_number() OVER (ORDER BY sum(events) DESC, grp) AS rank
    FROM counts GROUP BY grp
),
series AS (
    SELECT c.week, CASE WHEN r.rank <= 10 THEN c.grp ELSE 'other' END AS series,
           sum(c.events) AS events
    FROM counts c JOIN ranked r USING (grp)
    GROUP BY ALL
),
weeks AS (
    SELECT strftime(w, '%Y-%m-%d') AS week
    FROM range(date_trunc('week', TIMESTAMP '2026-08-03'), TIMESTAMP '2026-11-02',
               INTERVAL 7 DAY) t(w)
)
SELECT w.week, s.series, coalesce(c.events, 0) AS events
FROM weeks w
CROSS JOIN (SELECT DISTINCT series FROM series) s
LEFT JOIN series c ON c.week = w.week AND c.series = s.series
ORDER BY w.week, s.series;
