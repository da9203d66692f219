-- The sqlite3-shell peer of the `scores` section of bench/run: the account scorecard with
-- health scores, the manager scorecard and the campaign operating metrics as SQL, on the
-- database bench/sqlite_load.sql made (bench/out/sqlite.db: the export's files as tables;
-- events.time the export's text "YYYY-MM-DD HH:MM:SS.fff", UTC, so text order is time order;
-- the small files as TEXT columns, '' for an empty cell; indexes events(user_id, time),
-- events(event), users(user_id)). bench/run fills in the placeholders ({{AS_OF}}, the as-of
-- time "YYYY-MM-DD HH:MM:SS.fff"; the definitions' numbers, see below) and, per query, runs
--
--     sqlite3 -readonly bench/out/sqlite.db   <   the setup (everything before the first
--                                                 "-- query:" line), then `.timer on` and the
--                                                 query, RUNS times
--
-- and reports the median "Run Time: real". It is bench/scores_duckdb.sql in SQLite's dialect:
-- the same steps, with times compared as text and CRM dates read with julianday(), shaped for
-- SQLite's planner where said; bench/README.md says what each query is.
--
-- The definitions are the workspace's (by default core/workspace/ScoreDefinitions.cpp's:
-- scorecard columns, health-score groups and inputs, manager bounds), as computed by
-- core/analysis/AccountFigures.cpp, HealthScore.cpp, Scorecard.cpp and ManagerScorecard.cpp.
-- The SQL is written for their shape (which inputs, which key columns); their numbers are the
-- {{NAME}} placeholders, which bench/run fills in from `pulsebook-cli workspace export` with
-- bench/scores_workspace.mjs (it stops when the workspace has another shape). Then:
-- * identity merges: a user_migrations.from_user_id is no user of its own, its events belong
--   to the end of its chain of merges (as in bench/analyses_sqlite.sql). An account's users are
--   the users.csv rows with its account_id, less the merged IDs.
-- * nothing at or after as_of counts; "the last D days" is [as_of - D days, as_of). A CRM date
--   at or after as_of counts as missing (for a column's colour: "no data", not Red); days since
--   a date = floor((as_of - date) / 1 day).
-- * scores and means are printed rounded to 2 decimals, round(x * 100) / 100, as the CLI
--   prints them (`rounded()` in app/cli/ScoreCommands.cpp); colours and statuses are taken from
--   the unrounded figures, as in Pulsebook. Arithmetic in REAL, in Pulsebook's order.
.bail on
.headers off
.mode tabs

-- Each merged ID and the user it ends up as (as in bench/analyses_sqlite.sql).
CREATE TEMP VIEW merged AS
WITH RECURSIVE chain(from_id, to_id) AS (
    SELECT from_user_id, to_user_id FROM user_migrations
    UNION ALL
    SELECT c.from_id, m.to_user_id FROM chain c JOIN user_migrations m ON m.from_user_id = c.to_id
)
SELECT from_id, to_id FROM chain c
WHERE NOT EXISTS (SELECT 1 FROM user_migrations m WHERE m.from_user_id = c.to_id);

-- accounts.csv as Pulsebook reads it (core/sync/SyncTables.cpp, FieldParser.cpp): amounts with
-- a currency sign and thousands separators ("$81,575"); sentiment Green 2 / Yellow 1 / Red 0 in
-- any case; has_success_plan true/false, yes/no, y/n, 1/0; products_adopted a count, or a list
-- of names (its non-empty items counted); CRM dates as Julian days, NULL when missing or at or
-- after as_of.
CREATE TEMP VIEW account_crm AS
WITH RECURSIVE items(account_id, rest, item) AS (
    -- products_adopted lists split at the commas.
    SELECT account_id, products_adopted || ',', NULL FROM accounts
    UNION ALL
    SELECT account_id, substr(rest, instr(rest, ',') + 1), trim(substr(rest, 1, instr(rest, ',') - 1))
    FROM items WHERE rest <> ''
),
products AS (
    SELECT account_id, count(*) FILTER (WHERE item <> '') AS listed FROM items GROUP BY account_id
)
SELECT a.account_id,
    trim(a.csm) AS csm,
    CAST(nullif(replace(replace(replace(replace(replace(trim(a.arr), '$', ''), '€', ''), '£', ''),
                                '¥', ''), ',', ''), '') AS REAL) AS arr,
    CAST(nullif(replace(replace(replace(replace(replace(trim(a.open_new_arr), '$', ''), '€', ''),
                                        '£', ''), '¥', ''), ',', ''), '') AS REAL) AS open_new_arr,
    CAST(nullif(replace(trim(a.wins_past_year), ',', ''), '') AS REAL) AS wins,
    CASE WHEN trim(a.products_adopted) GLOB '[0-9]*' AND trim(a.products_adopted) NOT GLOB '*[^0-9]*'
         THEN CAST(trim(a.products_adopted) AS REAL)
         ELSE CAST(nullif(p.listed, 0) AS REAL) END AS products,
    CASE lower(trim(a.sentiment)) WHEN 'green' THEN 2.0 WHEN 'yellow' THEN 1.0 WHEN 'red' THEN 0.0
    END AS sentiment,
    CASE WHEN lower(trim(a.has_success_plan)) IN ('true', 'yes', 'y', '1') THEN 1
         WHEN lower(trim(a.has_success_plan)) IN ('false', 'no', 'n', '0') THEN 0 END AS has_plan,
    iif(julianday(a.last_success_plan_update) < julianday('{{AS_OF}}'),
        julianday(a.last_success_plan_update), NULL) AS plan_update_jd,
    iif(julianday(a.last_ebr) < julianday('{{AS_OF}}'), julianday(a.last_ebr), NULL) AS ebr_jd,
    iif(julianday(a.last_exec_sponsor_activity) < julianday('{{AS_OF}}'),
        julianday(a.last_exec_sponsor_activity), NULL) AS sponsor_jd,
    iif(julianday(a.last_champion_activity) < julianday('{{AS_OF}}'),
        julianday(a.last_champion_activity), NULL) AS champion_jd,
    iif(julianday(a.last_exec_meeting) < julianday('{{AS_OF}}'),
        julianday(a.last_exec_meeting), NULL) AS meeting_jd,
    -- A date at or after as_of is unknown then: a key column "no data" rather than Red.
    julianday(a.last_champion_activity) >= julianday('{{AS_OF}}') AS champion_later
FROM accounts a LEFT JOIN products p ON p.account_id = a.account_id;

-- Every account: its health score (unrounded), its status over the key columns, whether it is
-- silent, and the CRM figures the manager scorecard reads.
CREATE TEMP VIEW account_scores AS
WITH ids AS (
    -- Every ID of an account's user: its users.csv row, and the IDs merged into it.
    SELECT u.user_id AS raw_id, u.user_id AS uid, u.account_id
    FROM users u
    WHERE u.user_id NOT IN (SELECT from_id FROM merged)
    UNION ALL
    SELECT m.from_id, m.to_id, u.account_id
    FROM merged m JOIN users u ON u.user_id = m.to_id
),
per_id AS (
    -- One row per ID: its latest event before as_of and its Run Query events in the last 30
    -- days (subqueries on the index events(user_id, time): one lookup per ID, far quicker in
    -- SQLite than grouping all 10M events); and one row per user with onboarding step events
    -- before as_of (the workspace's: Complete Profile, Connect Data Source, Invite Teammate;
    -- found through the index events(event)). Grouped below: one UNION ALL instead of joins of
    -- grouped subqueries.
    SELECT i.account_id, i.uid,
        (SELECT max(e.time) FROM events e
         WHERE e.user_id = i.raw_id AND e.time < '{{AS_OF}}') AS last_time,
        (SELECT count(*) FROM events e
         WHERE e.user_id = i.raw_id AND e.event = 'Run Query'
           AND e.time >= strftime('%Y-%m-%d %H:%M:%f', '{{AS_OF}}', '-30 days')
           AND e.time < '{{AS_OF}}') AS kpi,
        0 AS step1, 0 AS step2, 0 AS step3
    FROM ids i
    UNION ALL
    SELECT i.account_id, i.uid, NULL, 0, s.step1, s.step2, s.step3
    FROM (SELECT user_id, max(event = 'Complete Profile') AS step1,
              max(event = 'Connect Data Source') AS step2, max(event = 'Invite Teammate') AS step3
          FROM events
          WHERE event IN ('Complete Profile', 'Connect Data Source', 'Invite Teammate')
            AND time < '{{AS_OF}}'
          GROUP BY user_id) s
    JOIN ids i ON i.raw_id = s.user_id
),
per_user AS (
    SELECT account_id, uid, max(last_time) AS last_time, sum(kpi) AS kpi,
        max(step1) AND max(step2) AND max(step3) AS onboarded
    FROM per_id
    GROUP BY account_id, uid
),
usage AS (
    -- Per account, over all of its users (docs/definitions.md, "Activity"): users, WAU (an event in
    -- the last 7 days), Run Query events in the last 30 days, users with every onboarding step
    -- done before as_of, the latest event.
    SELECT account_id,
        count(*) AS users,
        count(*) FILTER (WHERE last_time >= strftime('%Y-%m-%d %H:%M:%f', '{{AS_OF}}', '-7 days'))
            AS wau,
        sum(kpi) AS kpi,
        count(*) FILTER (WHERE onboarded) AS onboarded,
        max(last_time) AS last_time
    FROM per_user
    GROUP BY account_id
),
days AS (
    -- Whole days from the latest event and from the CRM dates to as_of (NULL: missing).
    SELECT c.*, g.users, g.wau, g.kpi, g.onboarded, g.last_time,
        CAST(julianday('{{AS_OF}}') - julianday(g.last_time) AS INTEGER) AS activity_days,
        CAST(julianday('{{AS_OF}}') - c.champion_jd AS INTEGER) AS champion_days,
        CAST(julianday('{{AS_OF}}') - c.sponsor_jd AS INTEGER) AS sponsor_days
    FROM account_crm c LEFT JOIN usage g ON g.account_id = c.account_id
),
values_ AS (
    -- The health score's inputs as values, NULL when missing (no users: the shares).
    SELECT *,
        CAST(wau AS REAL) / nullif(users, 0) AS v_u1,        -- wau_share
        CAST(kpi AS REAL) / nullif(users, 0) AS v_u2,        -- kpi_per_user:Run Query
        CAST(activity_days AS REAL) AS v_u3,                 -- days_since_last_activity
        CAST(onboarded AS REAL) / nullif(users, 0) AS v_a1,  -- onboarding_rate
        products AS v_a2,                                    -- products_adopted
        sentiment AS v_r1,                                   -- sentiment
        CAST(champion_days AS REAL) AS v_r2,                 -- days_since:last_champion_activity
        CAST(sponsor_days AS REAL) AS v_r3                   -- days_since:last_exec_sponsor_activity
    FROM days
),
inputs AS (
    -- Each input: linear from `zero` (0) to `ten` (10), clamped; NULL when missing.
    SELECT *,
        CASE WHEN v_u1 IS NOT NULL THEN min(max(10.0 * (v_u1 - {{WAU_SHARE_ZERO}})
            / ({{WAU_SHARE_TEN}} - {{WAU_SHARE_ZERO}}), 0.0), 10.0) END AS u1,
        CASE WHEN v_u2 IS NOT NULL THEN min(max(10.0 * (v_u2 - {{KPI_PER_USER_ZERO}})
            / ({{KPI_PER_USER_TEN}} - {{KPI_PER_USER_ZERO}}), 0.0), 10.0) END AS u2,
        CASE WHEN v_u3 IS NOT NULL THEN min(max(10.0 * (v_u3 - {{DAYS_SINCE_ACTIVITY_ZERO}})
            / ({{DAYS_SINCE_ACTIVITY_TEN}} - {{DAYS_SINCE_ACTIVITY_ZERO}}), 0.0), 10.0) END AS u3,
        CASE WHEN v_a1 IS NOT NULL THEN min(max(10.0 * (v_a1 - {{ONBOARDING_RATE_ZERO}})
            / ({{ONBOARDING_RATE_TEN}} - {{ONBOARDING_RATE_ZERO}}), 0.0), 10.0) END AS a1,
        CASE WHEN v_a2 IS NOT NULL THEN min(max(10.0 * (v_a2 - {{PRODUCTS_ZERO}})
            / ({{PRODUCTS_TEN}} - {{PRODUCTS_ZERO}}), 0.0), 10.0) END AS a2,
        CASE WHEN v_r1 IS NOT NULL THEN min(max(10.0 * (v_r1 - {{SENTIMENT_ZERO}})
            / ({{SENTIMENT_TEN}} - {{SENTIMENT_ZERO}}), 0.0), 10.0) END AS r1,
        CASE WHEN v_r2 IS NOT NULL THEN min(max(10.0 * (v_r2 - {{CHAMPION_ZERO}})
            / ({{CHAMPION_TEN}} - {{CHAMPION_ZERO}}), 0.0), 10.0) END AS r2,
        CASE WHEN v_r3 IS NOT NULL THEN min(max(10.0 * (v_r3 - {{SPONSOR_ZERO}})
            / ({{SPONSOR_TEN}} - {{SPONSOR_ZERO}}), 0.0), 10.0) END AS r3
    FROM values_
),
groups AS (
    -- Group score = the mean of its inputs with a value (summed in order, as Pulsebook does).
    SELECT *,
        (coalesce(u1, 0.0) + coalesce(u2, 0.0) + coalesce(u3, 0.0))
            / nullif((u1 IS NOT NULL) + (u2 IS NOT NULL) + (u3 IS NOT NULL), 0) AS g_usage,
        (coalesce(a1, 0.0) + coalesce(a2, 0.0))
            / nullif((a1 IS NOT NULL) + (a2 IS NOT NULL), 0) AS g_adoption,
        (coalesce(r1, 0.0) + coalesce(r2, 0.0) + coalesce(r3, 0.0))
            / nullif((r1 IS NOT NULL) + (r2 IS NOT NULL) + (r3 IS NOT NULL), 0) AS g_relationship
    FROM inputs
),
health AS (
    -- Account score = sum(group score x weight) / the weights of the groups with a value.
    SELECT *,
        (coalesce(g_usage * {{W_USAGE}}, 0.0) + coalesce(g_adoption * {{W_ADOPTION}}, 0.0)
            + coalesce(g_relationship * {{W_RELATIONSHIP}}, 0.0))
        / nullif(iif(g_usage IS NOT NULL, {{W_USAGE}}, 0.0)
                 + iif(g_adoption IS NOT NULL, {{W_ADOPTION}}, 0.0)
                 + iif(g_relationship IS NOT NULL, {{W_RELATIONSHIP}}, 0.0), 0.0) AS health
    FROM groups
),
key_colours AS (
    -- The colours of the key columns: CSM sentiment, days since champion activity (lower is
    -- better; missing only because the date is at or after as_of: "no data", as
    -- AccountFigures::isLaterData), the health score.
    SELECT *,
        CASE WHEN sentiment IS NULL THEN {{KEY_SENTIMENT_MISSING}}
             WHEN sentiment >= {{KEY_SENTIMENT_GREEN}} THEN 'Green'
             WHEN sentiment >= {{KEY_SENTIMENT_YELLOW}} THEN 'Yellow' ELSE 'Red' END AS k1,
        CASE WHEN champion_days IS NULL AND coalesce(champion_later, 0) THEN 'no data'
             WHEN champion_days IS NULL THEN {{KEY_CHAMPION_MISSING}}
             WHEN champion_days <= {{KEY_CHAMPION_GREEN}} THEN 'Green'
             WHEN champion_days <= {{KEY_CHAMPION_YELLOW}} THEN 'Yellow' ELSE 'Red' END AS k2,
        CASE WHEN health IS NULL THEN {{KEY_HEALTH_MISSING}}
             WHEN health >= {{KEY_HEALTH_GREEN}} THEN 'Green'
             WHEN health >= {{KEY_HEALTH_YELLOW}} THEN 'Yellow' ELSE 'Red' END AS k3
    FROM health
)
SELECT account_id, csm, health,
    -- Red if any key column is Red; Green if every one with a value is; no data if none has.
    CASE WHEN 'Red' IN (k1, k2, k3) THEN 'Red'
         WHEN k1 = 'no data' AND k2 = 'no data' AND k3 = 'no data' THEN 'no data'
         WHEN k1 IN ('Green', 'no data') AND k2 IN ('Green', 'no data')
              AND k3 IN ('Green', 'no data') THEN 'Green'
         ELSE 'Yellow' END AS status,
    -- Silent: no exec-sponsor, champion or exec-meeting activity and no event in the
    -- scorecard's silent_days (30 by default).
    CASE WHEN sponsor_jd >= julianday('{{AS_OF}}') - {{SILENT_DAYS}}
              OR champion_jd >= julianday('{{AS_OF}}') - {{SILENT_DAYS}}
              OR meeting_jd >= julianday('{{AS_OF}}') - {{SILENT_DAYS}}
              OR last_time >= strftime('%Y-%m-%d %H:%M:%f', '{{AS_OF}}', '-{{SILENT_DAYS}} days')
         THEN 'no' ELSE 'yes' END AS silent,
    has_plan, plan_update_jd, ebr_jd, sponsor_jd, champion_jd, meeting_jd, open_new_arr, wins,
    products, arr
FROM key_colours;

-- query: scorecard
-- The account scorecard of every account (pulsebook-cli scorecard): the health score (rounded
-- as printed), the status and the silent flag. Rows: account_id, health_score, status, silent.
-- (Pulsebook also computes every column's value and colour, the biggest drag and the health
-- score 7 and 30 days earlier; the peers do not.)
SELECT account_id, round(health * 100) / 100 AS health_score, status, silent
FROM account_scores
ORDER BY account_id;

-- query: managers
-- The manager scorecard (pulsebook-cli managers): a row for every account, then one per person
-- of team.csv over the accounts of every CSM at or below them (accounts.csv's csm, trimmed),
-- then "Unassigned" when some account's CSM is not in team.csv. Rows: the CLI's columns, node,
-- role, level, parent, then each figure (rounded as printed) and its colour (the workspace's
-- manager_scorecard bounds, higher is better; "% with health score > health_above").
-- The accounts are scored once (AS MATERIALIZED), not once per use.
WITH RECURSIVE scores AS MATERIALIZED (SELECT * FROM account_scores),
people AS (
    -- A manager not in team.csv (or oneself) makes a top of the hierarchy.
    SELECT person, role,
        CASE WHEN manager IN (SELECT person FROM team) AND manager <> person THEN manager END AS boss
    FROM team
),
levels(person, level) AS (
    SELECT person, 1 FROM people WHERE boss IS NULL
    UNION ALL
    SELECT p.person, l.level + 1 FROM people p JOIN levels l ON p.boss = l.person
),
below(node, person) AS (
    -- Each person and everyone at or below them.
    SELECT person, person FROM people
    UNION ALL
    SELECT b.node, p.person FROM below b JOIN people p ON p.boss = b.person
),
nodes AS (
    SELECT 'All accounts' AS node, NULL AS role, 0 AS level, NULL AS parent
    UNION ALL
    SELECT p.person, nullif(p.role, ''), l.level, coalesce(p.boss, 'All accounts')
    FROM people p JOIN levels l USING (person)
    UNION ALL
    SELECT 'Unassigned', NULL, 1, 'All accounts'
    WHERE EXISTS (SELECT 1 FROM scores WHERE coalesce(csm, '') NOT IN (SELECT person FROM team))
),
members AS (
    -- Each row's accounts.
    SELECT 'All accounts' AS node, account_id FROM scores
    UNION ALL
    SELECT b.node, a.account_id FROM below b JOIN scores a ON a.csm = b.person
    UNION ALL
    SELECT 'Unassigned', account_id FROM scores
    WHERE coalesce(csm, '') NOT IN (SELECT person FROM team)
),
figures AS (
    SELECT n.node, n.role, n.level, n.parent,
        count(a.account_id) AS accounts,
        100.0 * count(*) FILTER (WHERE a.has_plan = 1) / nullif(count(a.account_id), 0)
            AS success_plan,
        100.0 * count(*) FILTER (WHERE a.plan_update_jd >= julianday('{{AS_OF}}') - 90)
            / nullif(count(a.account_id), 0) AS plan_updated,
        100.0 * count(*) FILTER (WHERE a.ebr_jd >= julianday('{{AS_OF}}') - 180)
            / nullif(count(a.account_id), 0) AS ebr,
        100.0 * count(*) FILTER (WHERE a.sponsor_jd >= julianday('{{AS_OF}}') - 90)
            / nullif(count(a.account_id), 0) AS sponsor,
        100.0 * count(*) FILTER (WHERE a.champion_jd >= julianday('{{AS_OF}}') - 90)
            / nullif(count(a.account_id), 0) AS champion,
        100.0 * count(*) FILTER (WHERE a.meeting_jd >= julianday('{{AS_OF}}') - 180)
            / nullif(count(a.account_id), 0) AS meeting,
        100.0 * count(*) FILTER (WHERE a.open_new_arr > 0) / nullif(count(a.account_id), 0)
            AS open_arr,
        100.0 * count(*) FILTER (WHERE a.wins > 0) / nullif(count(a.account_id), 0) AS win,
        100.0 * count(*) FILTER (WHERE a.health > {{HEALTH_ABOVE}})
            / nullif(count(a.account_id), 0) AS healthy,
        avg(a.health) AS mean_health,
        avg(a.products) AS mean_products,
        coalesce(sum(a.arr), 0) AS total_arr,
        coalesce(sum(a.arr) FILTER (WHERE a.status = 'Red'), 0) AS red_arr
    FROM nodes n
    LEFT JOIN members m USING (node)
    LEFT JOIN scores a USING (account_id)
    GROUP BY n.node, n.role, n.level, n.parent
)
SELECT node, role, level, parent, accounts,
    round(success_plan * 100) / 100,
    CASE WHEN success_plan IS NULL THEN {{M_SUCCESS_PLAN_PCT_MISSING}}
         WHEN success_plan >= {{M_SUCCESS_PLAN_PCT_GREEN}} THEN 'Green'
         WHEN success_plan >= {{M_SUCCESS_PLAN_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(plan_updated * 100) / 100,
    CASE WHEN plan_updated IS NULL THEN {{M_SUCCESS_PLAN_UPDATED_90D_PCT_MISSING}}
         WHEN plan_updated >= {{M_SUCCESS_PLAN_UPDATED_90D_PCT_GREEN}} THEN 'Green'
         WHEN plan_updated >= {{M_SUCCESS_PLAN_UPDATED_90D_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(ebr * 100) / 100,
    CASE WHEN ebr IS NULL THEN {{M_EBR_180D_PCT_MISSING}}
         WHEN ebr >= {{M_EBR_180D_PCT_GREEN}} THEN 'Green'
         WHEN ebr >= {{M_EBR_180D_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(sponsor * 100) / 100,
    CASE WHEN sponsor IS NULL THEN {{M_EXEC_SPONSOR_90D_PCT_MISSING}}
         WHEN sponsor >= {{M_EXEC_SPONSOR_90D_PCT_GREEN}} THEN 'Green'
         WHEN sponsor >= {{M_EXEC_SPONSOR_90D_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(champion * 100) / 100,
    CASE WHEN champion IS NULL THEN {{M_CHAMPION_90D_PCT_MISSING}}
         WHEN champion >= {{M_CHAMPION_90D_PCT_GREEN}} THEN 'Green'
         WHEN champion >= {{M_CHAMPION_90D_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(meeting * 100) / 100,
    CASE WHEN meeting IS NULL THEN {{M_EXEC_MEETING_180D_PCT_MISSING}}
         WHEN meeting >= {{M_EXEC_MEETING_180D_PCT_GREEN}} THEN 'Green'
         WHEN meeting >= {{M_EXEC_MEETING_180D_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(open_arr * 100) / 100,
    CASE WHEN open_arr IS NULL THEN {{M_OPEN_NEW_ARR_PCT_MISSING}}
         WHEN open_arr >= {{M_OPEN_NEW_ARR_PCT_GREEN}} THEN 'Green'
         WHEN open_arr >= {{M_OPEN_NEW_ARR_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(win * 100) / 100,
    CASE WHEN win IS NULL THEN {{M_WIN_PAST_YEAR_PCT_MISSING}}
         WHEN win >= {{M_WIN_PAST_YEAR_PCT_GREEN}} THEN 'Green'
         WHEN win >= {{M_WIN_PAST_YEAR_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(healthy * 100) / 100,
    CASE WHEN healthy IS NULL THEN {{M_HEALTHY_PCT_MISSING}}
         WHEN healthy >= {{M_HEALTHY_PCT_GREEN}} THEN 'Green'
         WHEN healthy >= {{M_HEALTHY_PCT_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(mean_health * 100) / 100,
    CASE WHEN mean_health IS NULL THEN {{M_MEAN_HEALTH_MISSING}}
         WHEN mean_health >= {{M_MEAN_HEALTH_GREEN}} THEN 'Green'
         WHEN mean_health >= {{M_MEAN_HEALTH_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    round(mean_products * 100) / 100,
    CASE WHEN mean_products IS NULL THEN {{M_MEAN_PRODUCTS_ADOPTED_MISSING}}
         WHEN mean_products >= {{M_MEAN_PRODUCTS_ADOPTED_GREEN}} THEN 'Green'
         WHEN mean_products >= {{M_MEAN_PRODUCTS_ADOPTED_YELLOW}} THEN 'Yellow' ELSE 'Red' END,
    total_arr, red_arr
FROM figures
ORDER BY level, node;

-- query: campaigns
-- The campaign operating metrics of every campaign (pulsebook-cli campaigns: the definitions
-- are in core/analysis/Campaigns.h), key event K = View Chart (the workspace's
-- campaigns.key_event), low-WAU threshold from the workspace. Touches and events after the
-- merges; touches and K events at or after as_of ignored. Per campaign C: s = its earliest
-- touch; per touched user f = the first touch, t = the first click, the highest stage. Times
-- as text in the events' form (touch times converted with strftime), windows' ends computed
-- with strftime. Rows: the columns of `campaigns` (by campaign), then those of `campaigns --by
-- stage` (per stage users, converted, rate, lift in points; the untouched baseline's users,
-- converted, rate). Rates are converted / eligible (NULL: none eligible or not measured).
-- Shaped for SQLite: the K events are materialized once (found through the index
-- events(event)); a user's events in a window are found through the index events(user_id,
-- time); "no K in the 90 days before s" for every user is one UNION ALL grouped, not a join.
WITH RECURSIVE touches AS (
    SELECT t.campaign, coalesce(m.to_id, t.user_id) AS uid,
        strftime('%Y-%m-%d %H:%M:%f', t.time) AS time,
        CASE lower(trim(t.stage)) WHEN 'clicked' THEN 2 WHEN 'opened' THEN 1 ELSE 0 END AS stage
    FROM campaign_touches t LEFT JOIN merged m ON m.from_id = t.user_id
),
campaigns AS MATERIALIZED (
    -- Every campaign, with s when it has a touch before as_of (sent_week_over: s + 7 days <=
    -- as_of, when the baseline and the low-WAU accounts are measured).
    SELECT campaign, s, strftime('%Y-%m-%d %H:%M:%f', s, '-7 days') AS s_minus7,
        strftime('%Y-%m-%d %H:%M:%f', s, '-90 days') AS s_minus90,
        strftime('%Y-%m-%d %H:%M:%f', s, '+7 days') AS s_plus7,
        strftime('%Y-%m-%d %H:%M:%f', s, '+7 days') <= '{{AS_OF}}' AS sent_week_over
    FROM (SELECT campaign, min(time) FILTER (WHERE time < '{{AS_OF}}') AS s
          FROM touches GROUP BY campaign)
),
touched AS MATERIALIZED (
    -- Per campaign and user touched before as_of, with the ends of their windows.
    SELECT campaign, uid, f, highest, t,
        strftime('%Y-%m-%d %H:%M:%f', f, '-90 days') AS f_minus90,
        min(strftime('%Y-%m-%d %H:%M:%f', f, '+7 days'), '{{AS_OF}}') AS f_plus7,
        strftime('%Y-%m-%d %H:%M:%f', f, '+7 days') <= '{{AS_OF}}' AS f_week_over,
        strftime('%Y-%m-%d %H:%M:%f', t, '+7 days') AS t_plus7,
        strftime('%Y-%m-%d %H:%M:%f', t, '+30 days') AS t_plus30,
        strftime('%Y-%m-%d %H:%M:%f', t, '+60 days') AS t_plus60
    FROM (SELECT campaign, uid, min(time) AS f, max(stage) AS highest,
              min(time) FILTER (WHERE stage = 2) AS t
          FROM touches
          WHERE time < '{{AS_OF}}'
          GROUP BY campaign, uid)
),
key AS MATERIALIZED (
    -- K events before as_of, users after the merges.
    SELECT coalesce(m.to_id, e.user_id) AS uid, e.time
    FROM events e LEFT JOIN merged m ON m.from_id = e.user_id
    WHERE e.event = 'View Chart' AND e.time < '{{AS_OF}}'
),
first_event AS MATERIALIZED (
    -- Each user's first event, any type (lapsed users had one before f or s).
    SELECT coalesce(m.to_id, p.user_id) AS uid, min(p.first_time) AS first_time
    FROM (SELECT user_id, min(time) AS first_time FROM events GROUP BY user_id) p
    LEFT JOIN merged m ON m.from_id = p.user_id
    GROUP BY 1
),
ids AS MATERIALIZED (
    -- Every ID of a user with an account: its users.csv row, and the IDs merged into it.
    SELECT u.user_id AS raw_id, u.user_id AS uid, u.account_id
    FROM users u JOIN accounts a ON a.account_id = u.account_id
    WHERE u.user_id NOT IN (SELECT from_id FROM merged)
    UNION ALL
    SELECT m.from_id, m.to_id, u.account_id
    FROM merged m JOIN users u ON u.user_id = m.to_id JOIN accounts a ON a.account_id = u.account_id
),
user_account AS MATERIALIZED (SELECT DISTINCT uid, account_id FROM ids),
flags AS MATERIALIZED (
    -- Per touched user: K within 7 days of f (up to as_of), lapsed at f (no K in the 90 days
    -- before f, an event before f), K within 7 days of t, K in [t + 30 days, t + 60 days).
    SELECT u.campaign, u.uid, u.f, u.highest, u.t, u.f_week_over,
        coalesce(max(k.time >= u.f AND k.time < u.f_plus7), 0) AS conv_touch,
        NOT coalesce(max(k.time < u.f), 0) AND coalesce(fe.first_time < u.f, 0) AS lapsed,
        coalesce(max(k.time >= u.t AND k.time < u.t_plus7), 0) AS conv_week0,
        coalesce(max(k.time >= u.t_plus30 AND k.time < u.t_plus60), 0) AS conv_month1,
        u.t IS NOT NULL AND u.t_plus7 <= '{{AS_OF}}' AS w0_eligible,
        u.t IS NOT NULL AND u.t_plus60 <= '{{AS_OF}}' AS m1_eligible
    FROM touched u
    LEFT JOIN key k ON k.uid = u.uid AND k.time >= u.f_minus90
    LEFT JOIN first_event fe ON fe.uid = u.uid
    GROUP BY u.campaign, u.uid
),
users_figures AS (
    -- Clicked users: week 0 and month 1 (eligible when the window is over by as_of).
    SELECT campaign,
        count(t) AS clicked,
        sum(w0_eligible) AS w0_eligible, sum(w0_eligible AND conv_week0) AS w0_converted,
        sum(m1_eligible) AS m1_eligible, sum(m1_eligible AND conv_month1) AS m1_converted
    FROM flags
    GROUP BY campaign
),
account_figures AS (
    -- Accounts with a week-0-eligible clicked user; converted when any of them converted
    -- (month 1: of those, the accounts with a month-1-eligible clicked user).
    SELECT campaign,
        count(*) AS w0_accounts, sum(w0_converted) AS w0_converted,
        sum(m1_eligible) AS m1_accounts, sum(m1_eligible AND m1_converted) AS m1_converted
    FROM (
        SELECT f.campaign, ua.account_id,
            max(f.w0_eligible) AS w0_eligible, max(f.w0_eligible AND f.conv_week0) AS w0_converted,
            max(f.m1_eligible) AS m1_eligible, max(f.m1_eligible AND f.conv_month1) AS m1_converted
        FROM flags f JOIN user_account ua ON ua.uid = f.uid
        WHERE f.t IS NOT NULL
        GROUP BY 1, 2)
    WHERE w0_eligible
    GROUP BY campaign
),
stages AS (
    -- Influence by highest stage: lapsed users whose first touch's week is over by as_of.
    SELECT campaign, highest, count(*) AS users, sum(conv_touch) AS converted
    FROM flags
    WHERE f_week_over AND lapsed
    GROUP BY 1, 2
),
baseline AS (
    -- Users not touched by C, lapsed at s (an event before s, no K in the 90 days before);
    -- converted: a K in [s, s + 7 days). Measured when s + 7 days <= as_of. One row per
    -- candidate and one per K event near s, grouped.
    SELECT campaign, count(*) AS users, sum(converted) AS converted
    FROM (
        SELECT campaign, uid, max(candidate) AS candidate, max(active) AS active,
            max(converted) AS converted
        FROM (
            SELECT c.campaign, fe.uid, 1 AS candidate, 0 AS active, 0 AS converted
            FROM campaigns c JOIN first_event fe ON fe.first_time < c.s
            WHERE c.sent_week_over
            UNION ALL
            SELECT c.campaign, k.uid, 0, k.time < c.s, k.time >= c.s
            FROM campaigns c JOIN key k ON k.time >= c.s_minus90 AND k.time < c.s_plus7
            WHERE c.sent_week_over)
        GROUP BY campaign, uid) g
    WHERE candidate AND NOT active
      AND NOT EXISTS (SELECT 1 FROM touched t WHERE t.campaign = g.campaign AND t.uid = g.uid)
    GROUP BY campaign
),
wau AS (
    -- Per campaign and account: users with an event in [s - 7 days, s) (any of their IDs).
    SELECT campaign, account_id, count(*) AS wau
    FROM (
        SELECT c.campaign, i.account_id, i.uid
        FROM campaigns c CROSS JOIN ids i
        WHERE EXISTS (SELECT 1 FROM events e
                      WHERE e.user_id = i.raw_id AND e.time >= c.s_minus7 AND e.time < c.s)
        GROUP BY 1, 2, 3)
    GROUP BY 1, 2
),
low_wau AS (
    -- Accounts with users whose WAU at s is below the threshold: touched (a user touched by C)
    -- and converted (a touched user did K within 7 days of their first touch).
    SELECT c.campaign, count(*) AS accounts, sum(t.account_id IS NOT NULL) AS touched,
        sum(coalesce(t.converted, 0)) AS converted
    FROM campaigns c
    CROSS JOIN (SELECT DISTINCT account_id FROM user_account) acc
    LEFT JOIN wau w ON w.campaign = c.campaign AND w.account_id = acc.account_id
    LEFT JOIN (SELECT f.campaign, ua.account_id, max(f.conv_touch) AS converted
               FROM flags f JOIN user_account ua ON ua.uid = f.uid GROUP BY 1, 2) t
        ON t.campaign = c.campaign AND t.account_id = acc.account_id
    WHERE c.sent_week_over AND coalesce(w.wau, 0) < {{LOW_WAU}}
    GROUP BY c.campaign
),
rates AS (
    SELECT c.campaign, c.s, c.sent_week_over,
        coalesce(u.clicked, 0) AS clicked,
        coalesce(u.w0_eligible, 0) AS w0_eligible, coalesce(u.w0_converted, 0) AS w0_converted,
        CAST(u.w0_converted AS REAL) / nullif(u.w0_eligible, 0) AS w0_rate,
        coalesce(u.m1_eligible, 0) AS m1_eligible, coalesce(u.m1_converted, 0) AS m1_converted,
        CAST(u.m1_converted AS REAL) / nullif(u.m1_eligible, 0) AS m1_rate,
        CAST(af.w0_converted AS REAL) / nullif(af.w0_accounts, 0) AS w0_account_rate,
        CAST(af.m1_converted AS REAL) / nullif(af.m1_accounts, 0) AS m1_account_rate,
        coalesce(l.accounts, 0) AS low_accounts, coalesce(l.touched, 0) AS low_touched,
        coalesce(l.converted, 0) AS low_converted,
        CAST(l.converted AS REAL) / nullif(l.accounts, 0) AS low_rate,
        coalesce(s0.users, 0) AS d_users, coalesce(s0.converted, 0) AS d_converted,
        CAST(s0.converted AS REAL) / nullif(s0.users, 0) AS d_rate,
        coalesce(s1.users, 0) AS o_users, coalesce(s1.converted, 0) AS o_converted,
        CAST(s1.converted AS REAL) / nullif(s1.users, 0) AS o_rate,
        coalesce(s2.users, 0) AS c_users, coalesce(s2.converted, 0) AS c_converted,
        CAST(s2.converted AS REAL) / nullif(s2.users, 0) AS c_rate,
        coalesce(b.users, 0) AS b_users, coalesce(b.converted, 0) AS b_converted,
        CAST(b.converted AS REAL) / nullif(b.users, 0) AS b_rate
    FROM campaigns c
    LEFT JOIN users_figures u ON u.campaign = c.campaign
    LEFT JOIN account_figures af ON af.campaign = c.campaign
    LEFT JOIN low_wau l ON l.campaign = c.campaign
    LEFT JOIN stages s0 ON s0.campaign = c.campaign AND s0.highest = 0
    LEFT JOIN stages s1 ON s1.campaign = c.campaign AND s1.highest = 1
    LEFT JOIN stages s2 ON s2.campaign = c.campaign AND s2.highest = 2
    LEFT JOIN baseline b ON b.campaign = c.campaign
)
SELECT campaign, strftime('%Y-%m-%dT%H:%M:%fZ', s) AS first_send,
    clicked, w0_eligible, w0_converted, w0_rate, m1_eligible, m1_converted, m1_rate,
    w0_account_rate, m1_account_rate,
    -- the low-WAU figures and the baseline's counts only when s + 7 days <= as_of
    iif(sent_week_over, low_accounts, NULL), iif(sent_week_over, low_touched, NULL),
    iif(sent_week_over, low_converted, NULL), low_rate,
    d_users, d_converted, d_rate, (d_rate - b_rate) * 100,
    o_users, o_converted, o_rate, (o_rate - b_rate) * 100,
    c_users, c_converted, c_rate, (c_rate - b_rate) * 100,
    iif(sent_week_over, b_users, NULL), iif(sent_week_over, b_converted, NULL), b_rate
FROM rates
ORDER BY campaign;
