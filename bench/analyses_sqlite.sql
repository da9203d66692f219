-- The sqlite3-shell peer of the `analyses` section of bench/run: the five analyses as SQL, on
-- the database bench/sqlite_load.sql made (bench/out/sqlite.db: the export's files as tables;
-- events.time the export's text "YYYY-MM-DD HH:MM:SS.fff", UTC, so text order is time order;
-- event_id an INTEGER; IDs TEXT; indexes events(user_id, time), events(event), users(user_id)).
-- bench/run substitutes {{AS_OF}} (the as-of time, "YYYY-MM-DD HH:MM:SS.fff": docs/definitions.md,
-- the midnight ending the latest event's day) and, per query, runs
--
--     sqlite3 -readonly bench/out/sqlite.db   <   the setup (everything before the first
--                                                 "-- query:" line), then `.timer on` and the
--                                                 query, RUNS times
--
-- and reports the median "Run Time: real". It is bench/analyses_duckdb.sql in SQLite's
-- dialect: the same steps, with times compared as text and computed with strftime();
-- bench/README.md says what each query is. Before it runs, bench/run checks that every
-- events.time has exactly that form (else text order would not be time order).
--
-- What Pulsebook applies and the SQL must too (docs/definitions.md):
-- * identity merges: events of user_migrations.from_user_id belong to to_user_id, following
--   chains to their end (Pulsebook does this at sync; here the view `ev` maps every event's
--   user, so the cost is in every query). A merged ID is no user of its own.
-- * nothing at or after as_of counts; "within D days" is [as_of - D days, as_of).
-- * a user's events are ordered by (time, event_id); event_id is a whole number here.
.bail on
.headers off
.mode tabs

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
WITH steps AS (
    -- The events that can be a step, numbered per user in (time, event_id) order. Only those
    -- from `from` on matter (a step is after an entry) and up to `to` + 14 days (the last
    -- deadline); before as_of.
    SELECT uid, event, time, row_number() OVER (PARTITION BY uid ORDER BY time, event_id) AS rn
    FROM ev
    WHERE event IN ('Login', 'Run Query', 'View Chart', 'Save Report')
      AND time >= '2026-08-01 00:00:00.000' AND time <= '2026-11-15 00:00:00.000'
      AND time < '{{AS_OF}}'
),
nxt AS (
    -- For each of them: the row number of the user's next Run Query, View Chart and Save
    -- Report after it (NULL: none).
    SELECT uid, rn, event, time,
        min(CASE WHEN event = 'Run Query' THEN rn END) OVER later AS next2,
        min(CASE WHEN event = 'View Chart' THEN rn END) OVER later AS next3,
        min(CASE WHEN event = 'Save Report' THEN rn END) OVER later AS next4
    FROM steps
    WINDOW later AS (PARTITION BY uid ORDER BY rn DESC
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
reached AS (
    -- Per entry: the furthest step reached within t1 + 14 days (inclusive; the deadline as
    -- text in the same form as time).
    SELECT e.uid,
        CASE WHEN s2.time IS NULL OR s2.time > e.deadline THEN 1
             WHEN s3.time IS NULL OR s3.time > e.deadline THEN 2
             WHEN s4.time IS NULL OR s4.time > e.deadline THEN 3
             ELSE 4 END AS step
    FROM (SELECT uid, next2, strftime('%Y-%m-%d %H:%M:%f', time, '+14 days') AS deadline
          FROM nxt
          WHERE event = 'Login'
            AND time >= '2026-08-01 00:00:00.000' AND time < '2026-11-01 00:00:00.000') e
    LEFT JOIN nxt s2 ON s2.uid = e.uid AND s2.rn = e.next2
    LEFT JOIN nxt s3 ON s3.uid = e.uid AND s3.rn = s2.next3
    LEFT JOIN nxt s4 ON s4.uid = e.uid AND s4.rn = s3.next4
),
furthest AS (SELECT uid, max(step) AS step FROM reached GROUP BY uid)
SELECT s.n, s.event, count(f.uid) AS users
FROM (SELECT 1 AS n, 'Login' AS event UNION ALL SELECT 2, 'Run Query'
      UNION ALL SELECT 3, 'View Chart' UNION ALL SELECT 4, 'Save Report') s
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
-- in whole milliseconds: strftime('%s') seconds * 1000 + the text's milliseconds.
WITH starts AS (
    SELECT uid, t0, date(t0, 'weekday 0', '-6 days') AS cohort,
        strftime('%s', t0) * 1000 + substr(t0, 21, 3) AS t0_ms
    FROM (
        SELECT uid, min(time) AS t0
        FROM ev
        WHERE event = 'Login'
          AND time >= '2026-08-01 00:00:00.000' AND time < '2026-10-01 00:00:00.000'
          AND time < '{{AS_OF}}'
        GROUP BY uid)
),
periods(n) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7)),
eligible AS (
    SELECT s.cohort, p.n, count(*) AS users
    FROM starts s, periods p
    WHERE p.n = 0 OR s.t0_ms + (p.n + 1) * 604800000 <= strftime('%s', '{{AS_OF}}') * 1000
    GROUP BY s.cohort, p.n
),
returns AS MATERIALIZED (
    -- The View Chart events that can count: from `from` + 7 days (the earliest t0 + 7 days)
    -- on, before as_of. Materialized, so that SQLite joins it to starts through an automatic
    -- index on uid instead of scanning it for every start.
    SELECT uid, time, strftime('%s', time) * 1000 + substr(time, 21, 3) AS ms
    FROM ev
    WHERE event = 'View Chart'
      AND time >= '2026-08-08 00:00:00.000' AND time < '{{AS_OF}}'
),
retained AS (
    -- Per cohort and eligible period n >= 1: the users with a View Chart in it.
    SELECT cohort, n, count(DISTINCT uid) AS users
    FROM (
        SELECT s.uid, s.cohort, s.t0_ms, (r.ms - s.t0_ms) / 604800000 AS n
        FROM starts s JOIN returns r ON r.uid = s.uid
        WHERE r.ms >= s.t0_ms + 604800000)
    WHERE n <= 7 AND t0_ms + (n + 1) * 604800000 <= strftime('%s', '{{AS_OF}}') * 1000
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
ORDER BY 1, 2;

-- query: segment
-- did "Login" within 30d and not did "Run Query" within 30d: windows [as_of - 30 days,
-- as_of). Row: the number of users.
SELECT count(*) AS users
FROM (
    SELECT uid
    FROM ev
    WHERE event IN ('Login', 'Run Query')
      AND time >= strftime('%Y-%m-%d %H:%M:%f', '{{AS_OF}}', '-30 days')
      AND time < '{{AS_OF}}'
    GROUP BY uid
    HAVING max(event = 'Login') = 1 AND max(event = 'Run Query') = 0
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
flags AS (
    -- One row per user of those accounts, and one per step event (users merged, before
    -- as_of). Grouped below: SQLite would join the users to a "steps done per user" subquery
    -- by scanning it for every user (no automatic index on the LEFT JOIN): 25 s at 10M events.
    SELECT user_id AS uid, 1 AS member, 0 AS step1, 0 AS step2, 0 AS step3 FROM csm_users
    UNION ALL
    SELECT uid, 0, event = 'Complete Profile', event = 'Connect Data Source',
        event = 'Invite Teammate'
    FROM ev
    WHERE event IN ('Complete Profile', 'Connect Data Source', 'Invite Teammate')
      AND time < '{{AS_OF}}'
),
done AS (
    -- Per user of those accounts: which steps they did.
    SELECT uid, max(step1) AS step1, max(step2) AS step2, max(step3) AS step3
    FROM flags
    GROUP BY uid
    HAVING max(member) = 1
)
SELECT uid AS user_id,
    substr(iif(step1, '', '; Complete Profile')
           || iif(step2, '', '; Connect Data Source')
           || iif(step3, '', '; Invite Teammate'), 3) AS missing_steps
FROM done
WHERE NOT (step1 AND step2 AND step3)
ORDER BY uid;

-- query: trend
-- Run Query events per week (ISO weeks from Monday, UTC) in [2026-08-03, 2026-11-02) and
-- before as_of, grouped by the user property account_id (users.csv's; "(none)" when missing,
-- as for users only in events; `account.account_id` is no property in Pulsebook): the 10
-- groups with the most events in the range (ties by name) and "other" for the rest (when any
-- is left). Rows: week, group, events, for every week x series (0 included).
WITH counts AS (
    SELECT date(e.time, 'weekday 0', '-6 days') AS week,
           coalesce(nullif(u.account_id, ''), '(none)') AS grp, count(*) AS events
    FROM ev e LEFT JOIN users u ON u.user_id = e.uid
    WHERE e.event = 'Run Query'
      AND e.time >= '2026-08-03 00:00:00.000' AND e.time < '2026-11-02 00:00:00.000'
      AND e.time < '{{AS_OF}}'
    GROUP BY 1, 2
),
ranked AS (
    SELECT grp, row_number() OVER (ORDER BY sum(events) DESC, grp) AS rank
    FROM counts GROUP BY grp
),
series AS (
    SELECT c.week, CASE WHEN r.rank <= 10 THEN c.grp ELSE 'other' END AS series,
           sum(c.events) AS events
    FROM counts c JOIN ranked r USING (grp)
    GROUP BY 1, 2
),
weeks(week) AS (
    SELECT date('2026-08-03', 'weekday 0', '-6 days')
    UNION ALL
    SELECT date(week, '+7 days') FROM weeks WHERE date(week, '+7 days') < '2026-11-02'
)
SELECT w.week, s.series, coalesce(c.events, 0) AS events
FROM weeks w
CROSS JOIN (SELECT DISTINCT series FROM series) s
LEFT JOIN series c ON c.week = w.week AND c.series = s.series
ORDER BY w.week, s.series;
