-- The DuckDB peer of the `scores` section of bench/run: the account scorecard with health
-- scores, the manager scorecard and the campaign operating metrics as SQL, on the database
-- bench/duckdb_load.mjs made (bench/out/duckdb.duckdb: the export's files as tables, events.time
-- a TIMESTAMP in UTC, IDs VARCHAR; accounts.csv and team.csv with DuckDB's type detection). Run
-- by
--
--     node bench/duckdb_analyses.mjs DB bench/scores_duckdb.sql OUTDIR RUNS AS_OF
--
-- which substitutes {{AS_OF}} (the as-of time, "YYYY-MM-DD HH:MM:SS.fff" UTC), runs the setup
-- (everything before the first "-- query:" line: views and macros, nothing computed) untimed,
-- then times each query RUNS times and writes its rows of the last run, tab-separated, to
-- OUTDIR/duckdb-NAME.tsv. bench/scores_sqlite.sql is the same in SQLite's dialect;
-- bench/README.md says what each query is.
--
-- The definitions are the workspace's (by default core/workspace/ScoreDefinitions.cpp's:
-- scorecard columns, health-score groups and inputs, manager bounds), as computed by
-- core/analysis/AccountFigures.cpp, HealthScore.cpp, Scorecard.cpp and ManagerScorecard.cpp.
-- The SQL is written for their shape (which inputs, which key columns); their numbers are the
-- {{NAME}} placeholders, which bench/run fills in from `pulsebook-cli workspace export` with
-- bench/scores_workspace.mjs (it stops when the workspace has another shape). Then:
-- * identity merges: a user_migrations.from_user_id is no user of its own, its events belong
--   to the end of its chain of merges (as in bench/analyses_duckdb.sql). An account's users are
--   the users.csv rows with its account_id, less the merged IDs.
-- * nothing at or after as_of counts; "the last D days" is [as_of - D days, as_of). A CRM date
--   at or after as_of counts as missing (for a column's colour: "no data", not Red); days since
--   a date = floor((as_of - date) / 1 day).
-- * count(*) FILTER (WHERE ...), not count_if(): DuckDB's count_if is NULL, not 0, when every
--   condition is NULL.
-- * scores and means are printed rounded to 2 decimals, round(x * 100) / 100, as the CLI
--   prints them (`rounded()` in app/cli/ScoreCommands.cpp); colours and statuses are taken from
--   the unrounded figures, as in Pulsebook. All arithmetic is in DOUBLE, in Pulsebook's order.

-- Each merged ID and the user it ends up as (as in bench/analyses_duckdb.sql).
CREATE TEMP VIEW merged AS
WITH RECURSIVE chain(from_id, to_id) AS (
    SELECT from_user_id, to_user_id FROM user_migrations
    UNION ALL
    SELECT c.from_id, m.to_user_id FROM chain c JOIN user_migrations m ON m.from_user_id = c.to_id
)
SELECT from_id, to_id FROM chain c
WHERE NOT EXISTS (SELECT 1 FROM user_migrations m WHERE m.from_user_id = c.to_id);

-- An input of the health score: linear from `zero` (0) to `ten` (10), clamped; NULL: missing.
CREATE TEMP MACRO input_score(v, zero, ten) AS
    CASE WHEN v IS NOT NULL
         THEN least(greatest(10::DOUBLE * (v - zero::DOUBLE) / (ten::DOUBLE - zero::DOUBLE),
                             0::DOUBLE), 10::DOUBLE) END;

-- A colour from bounds, higher is better; `missing` when NULL ('Red' or 'no data').
CREATE TEMP MACRO rag(v, green, yellow, missing) AS
    CASE WHEN v IS NULL THEN missing WHEN v >= green::DOUBLE THEN 'Green'
         WHEN v >= yellow::DOUBLE THEN 'Yellow' ELSE 'Red' END;

-- As the CLI prints scores, means and percentages.
CREATE TEMP MACRO r2(v) AS round(v * 100) / 100;

-- A percentage of the accounts (NULL for none), as the manager scorecard divides.
CREATE TEMP MACRO pct(k, n) AS 100::DOUBLE * k / nullif(n, 0);

-- as_of - `days` days, in epoch ms.
CREATE TEMP MACRO ms_before(days) AS epoch_ms(TIMESTAMP '{{AS_OF}}') - days * 86400000::BIGINT;

-- A CRM date of accounts.csv as epoch ms, NULL when missing or at or after as_of.
CREATE TEMP MACRO crm_ms(d) AS
    CASE WHEN epoch_ms(TRY_CAST(d::VARCHAR AS TIMESTAMP)) < epoch_ms(TIMESTAMP '{{AS_OF}}')
         THEN epoch_ms(TRY_CAST(d::VARCHAR AS TIMESTAMP)) END;

-- An amount as Pulsebook's sync reads it ("$81,575": a currency sign, thousands separators).
CREATE TEMP MACRO money(v) AS
    TRY_CAST(replace(regexp_replace(trim(v::VARCHAR), '[$€£¥]', ''), ',', '') AS DOUBLE);

-- accounts.csv as Pulsebook reads it (core/sync/SyncTables.cpp, FieldParser.cpp): sentiment
-- Green 2 / Yellow 1 / Red 0 in any case; has_success_plan true/false, yes/no, y/n, 1/0;
-- products_adopted a count, or a list of names (its non-empty items counted).
CREATE TEMP VIEW account_crm AS
SELECT account_id,
    trim(csm) AS csm,
    money(arr) AS arr,
    money(open_new_arr) AS open_new_arr,
    money(wins_past_year) AS wins,
    CASE WHEN regexp_full_match(trim(products_adopted::VARCHAR), '[0-9]+')
         THEN CAST(trim(products_adopted::VARCHAR) AS DOUBLE)
         ELSE nullif(len(list_filter(string_split(products_adopted::VARCHAR, ','),
                                     x -> trim(x) <> '')), 0)::DOUBLE END AS products,
    CASE lower(trim(sentiment)) WHEN 'green' THEN 2::DOUBLE WHEN 'yellow' THEN 1::DOUBLE
         WHEN 'red' THEN 0::DOUBLE END AS sentiment,
    CASE WHEN lower(trim(has_success_plan::VARCHAR)) IN ('true', 'yes', 'y', '1') THEN 1
         WHEN lower(trim(has_success_plan::VARCHAR)) IN ('false', 'no', 'n', '0') THEN 0
    END AS has_plan,
    crm_ms(last_success_plan_update) AS plan_update_ms,
    crm_ms(last_ebr) AS ebr_ms,
    crm_ms(last_exec_sponsor_activity) AS sponsor_ms,
    crm_ms(last_champion_activity) AS champion_ms,
    crm_ms(last_exec_meeting) AS meeting_ms,
    -- A date at or after as_of is unknown then: a key column "no data" rather than Red.
    epoch_ms(TRY_CAST(last_champion_activity::VARCHAR AS TIMESTAMP))
        >= epoch_ms(TIMESTAMP '{{AS_OF}}') AS champion_later
FROM accounts;

-- Every account: its health score (unrounded), its status over the key columns, whether it is
-- silent, and the CRM figures the manager scorecard reads.
CREATE TEMP VIEW account_scores AS
WITH per_id AS (
    -- Per raw user ID, its events before as_of: the latest, its Run Query events in the last 30
    -- days, which onboarding steps it did (the workspace's: Complete Profile, Connect Data
    -- Source, Invite Teammate). Merged afterwards (fewer rows than mapping every event).
    SELECT user_id,
        max(time) AS last_time,
        count(*) FILTER (WHERE event = 'Run Query'
                           AND time >= TIMESTAMP '{{AS_OF}}' - INTERVAL 30 DAY) AS kpi,
        bool_or(event = 'Complete Profile') AS step1,
        bool_or(event = 'Connect Data Source') AS step2,
        bool_or(event = 'Invite Teammate') AS step3
    FROM events
    WHERE time < TIMESTAMP '{{AS_OF}}'
    GROUP BY user_id
),
per_user AS (
    -- Per user after the merges.
    SELECT coalesce(m.to_id, p.user_id) AS uid, max(last_time) AS last_time, sum(kpi) AS kpi,
        bool_or(step1) AND bool_or(step2) AND bool_or(step3) AS onboarded
    FROM per_id p LEFT JOIN merged m ON m.from_id = p.user_id
    GROUP BY ALL
),
usage AS (
    -- Per account, over all of its users (docs/definitions.md, "Activity"): users, WAU (an event in
    -- the last 7 days), Run Query events in the last 30 days, users with every onboarding step
    -- done before as_of, the latest event.
    SELECT u.account_id,
        count(*) AS users,
        count(*) FILTER (WHERE p.last_time >= TIMESTAMP '{{AS_OF}}' - INTERVAL 7 DAY) AS wau,
        coalesce(sum(p.kpi), 0) AS kpi,
        count(*) FILTER (WHERE p.onboarded) AS onboarded,
        max(p.last_time) AS last_time
    FROM users u LEFT JOIN per_user p ON p.uid = u.user_id
    WHERE u.user_id NOT IN (SELECT from_id FROM merged)
    GROUP BY u.account_id
),
inputs AS (
    -- The health score's inputs, NULL when missing (no users: the shares; no event: the days).
    SELECT c.*, g.last_time,
        -- Usage: wau_share, kpi_per_user:Run Query, days_since_last_activity
        input_score(g.wau::DOUBLE / nullif(g.users, 0), {{WAU_SHARE_ZERO}}, {{WAU_SHARE_TEN}}) AS u1,
        input_score(g.kpi::DOUBLE / nullif(g.users, 0), {{KPI_PER_USER_ZERO}}, {{KPI_PER_USER_TEN}}) AS u2,
        input_score(((epoch_ms(TIMESTAMP '{{AS_OF}}') - epoch_ms(g.last_time)) // 86400000)::DOUBLE,
                    {{DAYS_SINCE_ACTIVITY_ZERO}}, {{DAYS_SINCE_ACTIVITY_TEN}}) AS u3,
        -- Adoption: onboarding_rate, products_adopted
        input_score(g.onboarded::DOUBLE / nullif(g.users, 0), {{ONBOARDING_RATE_ZERO}},
                    {{ONBOARDING_RATE_TEN}}) AS a1,
        input_score(c.products, {{PRODUCTS_ZERO}}, {{PRODUCTS_TEN}}) AS a2,
        -- Relationship: sentiment, days_since:last_champion_activity,
        -- days_since:last_exec_sponsor_activity
        input_score(c.sentiment, {{SENTIMENT_ZERO}}, {{SENTIMENT_TEN}}) AS r1,
        ((epoch_ms(TIMESTAMP '{{AS_OF}}') - c.champion_ms) // 86400000)::DOUBLE AS champion_days,
        input_score(((epoch_ms(TIMESTAMP '{{AS_OF}}') - c.champion_ms) // 86400000)::DOUBLE,
                    {{CHAMPION_ZERO}}, {{CHAMPION_TEN}}) AS r2,
        input_score(((epoch_ms(TIMESTAMP '{{AS_OF}}') - c.sponsor_ms) // 86400000)::DOUBLE,
                    {{SPONSOR_ZERO}}, {{SPONSOR_TEN}}) AS r3
    FROM account_crm c LEFT JOIN usage g ON g.account_id = c.account_id
),
groups AS (
    -- Group score = the mean of its inputs with a value (summed in order, as Pulsebook does).
    SELECT *,
        (coalesce(u1, 0) + coalesce(u2, 0) + coalesce(u3, 0))
            / nullif((u1 IS NOT NULL)::INT + (u2 IS NOT NULL)::INT + (u3 IS NOT NULL)::INT, 0)
            AS g_usage,
        (coalesce(a1, 0) + coalesce(a2, 0))
            / nullif((a1 IS NOT NULL)::INT + (a2 IS NOT NULL)::INT, 0) AS g_adoption,
        (coalesce(r1, 0) + coalesce(r2, 0) + coalesce(r3, 0))
            / nullif((r1 IS NOT NULL)::INT + (r2 IS NOT NULL)::INT + (r3 IS NOT NULL)::INT, 0)
            AS g_relationship
    FROM inputs
),
health AS (
    -- Account score = sum(group score x weight) / the weights of the groups with a value.
    SELECT *,
        (coalesce(g_usage * {{W_USAGE}}::DOUBLE, 0) + coalesce(g_adoption * {{W_ADOPTION}}::DOUBLE, 0)
            + coalesce(g_relationship * {{W_RELATIONSHIP}}::DOUBLE, 0))
        / nullif(if(g_usage IS NOT NULL, {{W_USAGE}}::DOUBLE, 0)
                 + if(g_adoption IS NOT NULL, {{W_ADOPTION}}::DOUBLE, 0)
                 + if(g_relationship IS NOT NULL, {{W_RELATIONSHIP}}::DOUBLE, 0), 0) AS health
    FROM groups
),
key_colours AS (
    -- The colours of the key columns: CSM sentiment, days since champion activity (lower is
    -- better; missing only because the date is at or after as_of: "no data", as
    -- AccountFigures::isLaterData), the health score.
    SELECT *,
        rag(sentiment, {{KEY_SENTIMENT_GREEN}}, {{KEY_SENTIMENT_YELLOW}}, {{KEY_SENTIMENT_MISSING}}) AS k1,
        CASE WHEN champion_days IS NULL AND coalesce(champion_later, false) THEN 'no data'
             WHEN champion_days IS NULL THEN {{KEY_CHAMPION_MISSING}}
             WHEN champion_days <= {{KEY_CHAMPION_GREEN}}::DOUBLE THEN 'Green'
             WHEN champion_days <= {{KEY_CHAMPION_YELLOW}}::DOUBLE THEN 'Yellow' ELSE 'Red' END AS k2,
        rag(health, {{KEY_HEALTH_GREEN}}, {{KEY_HEALTH_YELLOW}}, {{KEY_HEALTH_MISSING}}) AS k3
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
    CASE WHEN sponsor_ms >= ms_before({{SILENT_DAYS}}) OR champion_ms >= ms_before({{SILENT_DAYS}})
              OR meeting_ms >= ms_before({{SILENT_DAYS}})
              OR epoch_ms(last_time) >= ms_before({{SILENT_DAYS}})
         THEN 'no' ELSE 'yes' END AS silent,
    has_plan, plan_update_ms, ebr_ms, sponsor_ms, champion_ms, meeting_ms, open_new_arr, wins,
    products, arr
FROM key_colours;

-- query: scorecard
-- The account scorecard of every account (pulsebook-cli scorecard): the health score (rounded
-- as printed), the status and the silent flag. Rows: account_id, health_score, status, silent.
-- (Pulsebook also computes every column's value and colour, the biggest drag and the health
-- score 7 and 30 days earlier; the peers do not.)
SELECT account_id, r2(health) AS health_score, status, silent
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
    SELECT p.person, p.role, l.level, coalesce(p.boss, 'All accounts')
    FROM people p JOIN levels l USING (person)
    UNION ALL
    SELECT 'Unassigned', NULL, 1, 'All accounts'
    WHERE EXISTS (SELECT 1 FROM scores
                  WHERE coalesce(csm, '') NOT IN (SELECT person FROM team))
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
        pct(count(*) FILTER (WHERE a.has_plan = 1), count(a.account_id)) AS success_plan,
        pct(count(*) FILTER (WHERE a.plan_update_ms >= ms_before(90)), count(a.account_id))
            AS plan_updated,
        pct(count(*) FILTER (WHERE a.ebr_ms >= ms_before(180)), count(a.account_id)) AS ebr,
        pct(count(*) FILTER (WHERE a.sponsor_ms >= ms_before(90)), count(a.account_id)) AS sponsor,
        pct(count(*) FILTER (WHERE a.champion_ms >= ms_before(90)), count(a.account_id))
            AS champion,
        pct(count(*) FILTER (WHERE a.meeting_ms >= ms_before(180)), count(a.account_id)) AS meeting,
        pct(count(*) FILTER (WHERE a.open_new_arr > 0), count(a.account_id)) AS open_arr,
        pct(count(*) FILTER (WHERE a.wins > 0), count(a.account_id)) AS win,
        pct(count(*) FILTER (WHERE a.health > {{HEALTH_ABOVE}}::DOUBLE), count(a.account_id))
            AS healthy,
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
    r2(success_plan), rag(success_plan, {{M_SUCCESS_PLAN_PCT}}),
    r2(plan_updated), rag(plan_updated, {{M_SUCCESS_PLAN_UPDATED_90D_PCT}}),
    r2(ebr), rag(ebr, {{M_EBR_180D_PCT}}),
    r2(sponsor), rag(sponsor, {{M_EXEC_SPONSOR_90D_PCT}}),
    r2(champion), rag(champion, {{M_CHAMPION_90D_PCT}}),
    r2(meeting), rag(meeting, {{M_EXEC_MEETING_180D_PCT}}),
    r2(open_arr), rag(open_arr, {{M_OPEN_NEW_ARR_PCT}}),
    r2(win), rag(win, {{M_WIN_PAST_YEAR_PCT}}),
    r2(healthy), rag(healthy, {{M_HEALTHY_PCT}}),
    r2(mean_health), rag(mean_health, {{M_MEAN_HEALTH}}),
    r2(mean_products), rag(mean_products, {{M_MEAN_PRODUCTS_ADOPTED}}),
    total_arr, red_arr
FROM figures
ORDER BY level, node;

-- query: campaigns
-- The campaign operating metrics of every campaign (pulsebook-cli campaigns: the definitions
-- are in core/analysis/Campaigns.h), key event K = View Chart (the workspace's
-- campaigns.key_event), low-WAU threshold from the workspace. Touches and events after the
-- merges; touches and K events at or after as_of ignored. Per campaign C: s = its earliest
-- touch; per touched user f = the first touch, t = the first click, the highest stage.
-- "A K in [a, b)": the user's K events joined and tested (bool_or). (ASOF joins, as in the
-- analyses' funnel, took 100 s for one lookup here: 86,000 touched users in 92,000 partitions.)
-- Rows: the columns of `campaigns` (by campaign), then those of `campaigns --by stage` (per stage users, converted, rate, lift in
-- points; the untouched baseline's users, converted, rate). Rates are converted / eligible
-- (NULL: none eligible or not measured).
WITH touches AS (
    SELECT t.campaign, coalesce(m.to_id, t.user_id) AS uid, make_timestamp(epoch_us(t.time)) AS time,
        CASE lower(trim(t.stage)) WHEN 'clicked' THEN 2 WHEN 'opened' THEN 1 ELSE 0 END AS stage
    FROM campaign_touches t LEFT JOIN merged m ON m.from_id = t.user_id
),
campaigns AS (
    -- Every campaign, with s when it has a touch before as_of (`sent`: s + 7 days <= as_of,
    -- when the baseline and the low-WAU accounts are measured).
    SELECT campaign, s, s + INTERVAL 7 DAY <= TIMESTAMP '{{AS_OF}}' AS sent_week_over
    FROM (SELECT campaign, min(time) FILTER (WHERE time < TIMESTAMP '{{AS_OF}}') AS s
          FROM touches GROUP BY campaign)
),
touched AS (
    -- Per campaign and user touched before as_of.
    SELECT campaign, uid, min(time) AS f, max(stage) AS highest,
        min(time) FILTER (WHERE stage = 2) AS t
    FROM touches
    WHERE time < TIMESTAMP '{{AS_OF}}'
    GROUP BY campaign, uid
),
key AS (
    -- K events before as_of, users after the merges.
    SELECT coalesce(m.to_id, e.user_id) AS uid, e.time
    FROM events e LEFT JOIN merged m ON m.from_id = e.user_id
    WHERE e.event = 'View Chart' AND e.time < TIMESTAMP '{{AS_OF}}'
),
first_event AS (
    -- Each user's first event, any type (lapsed users had one before f or s).
    SELECT coalesce(m.to_id, p.user_id) AS uid, min(p.first_time) AS first_time
    FROM (SELECT user_id, min(time) AS first_time FROM events GROUP BY user_id) p
    LEFT JOIN merged m ON m.from_id = p.user_id
    GROUP BY ALL
),
user_account AS (
    -- Each user's account (users.csv's, when accounts.csv has it).
    SELECT u.user_id AS uid, u.account_id
    FROM users u JOIN accounts a ON a.account_id = u.account_id
    WHERE u.user_id NOT IN (SELECT from_id FROM merged)
),
flags AS (
    -- Per touched user: K within 7 days of f (up to as_of), lapsed at f (no K in the 90 days
    -- before f, an event before f), K within 7 days of t, K in [t + 30 days, t + 60 days).
    SELECT u.campaign, u.uid, u.f, u.highest, u.t,
        coalesce(bool_or(k.time >= u.f AND k.time < least(u.f + INTERVAL 7 DAY,
                                                          TIMESTAMP '{{AS_OF}}')), false) AS conv_touch,
        NOT coalesce(bool_or(k.time < u.f), false) AND coalesce(any_value(fe.first_time) < u.f, false)
            AS lapsed,
        coalesce(bool_or(k.time >= u.t AND k.time < u.t + INTERVAL 7 DAY), false) AS conv_week0,
        coalesce(bool_or(k.time >= u.t + INTERVAL 30 DAY AND k.time < u.t + INTERVAL 60 DAY), false)
            AS conv_month1
    FROM touched u
    LEFT JOIN key k ON k.uid = u.uid AND k.time >= u.f - INTERVAL 90 DAY
    LEFT JOIN first_event fe ON fe.uid = u.uid
    GROUP BY u.campaign, u.uid, u.f, u.highest, u.t
),
users_figures AS (
    -- Clicked users: week 0 and month 1 (eligible when the window is over by as_of).
    SELECT campaign,
        count(t) AS clicked,
        count(*) FILTER (WHERE t + INTERVAL 7 DAY <= TIMESTAMP '{{AS_OF}}') AS w0_eligible,
        count(*) FILTER (WHERE t + INTERVAL 7 DAY <= TIMESTAMP '{{AS_OF}}' AND conv_week0) AS w0_converted,
        count(*) FILTER (WHERE t + INTERVAL 60 DAY <= TIMESTAMP '{{AS_OF}}') AS m1_eligible,
        count(*) FILTER (WHERE t + INTERVAL 60 DAY <= TIMESTAMP '{{AS_OF}}' AND conv_month1) AS m1_converted
    FROM flags
    GROUP BY campaign
),
account_figures AS (
    -- Accounts with a week-0-eligible clicked user; converted when any of them converted
    -- (month 1: of those, the accounts with a month-1-eligible clicked user).
    SELECT campaign,
        count(*) AS w0_accounts, count(*) FILTER (WHERE w0_converted) AS w0_converted,
        count(*) FILTER (WHERE m1_eligible) AS m1_accounts, count(*) FILTER (WHERE m1_eligible AND m1_converted) AS m1_converted
    FROM (
        SELECT f.campaign, ua.account_id,
            bool_or(f.t + INTERVAL 7 DAY <= TIMESTAMP '{{AS_OF}}') AS w0_eligible,
            bool_or(f.t + INTERVAL 7 DAY <= TIMESTAMP '{{AS_OF}}' AND f.conv_week0) AS w0_converted,
            bool_or(f.t + INTERVAL 60 DAY <= TIMESTAMP '{{AS_OF}}') AS m1_eligible,
            bool_or(f.t + INTERVAL 60 DAY <= TIMESTAMP '{{AS_OF}}' AND f.conv_month1) AS m1_converted
        FROM flags f JOIN user_account ua ON ua.uid = f.uid
        WHERE f.t IS NOT NULL
        GROUP BY ALL)
    WHERE w0_eligible
    GROUP BY campaign
),
stages AS (
    -- Influence by highest stage: lapsed users whose first touch's week is over by as_of.
    SELECT campaign, highest, count(*) AS users, count(*) FILTER (WHERE conv_touch) AS converted
    FROM flags
    WHERE f + INTERVAL 7 DAY <= TIMESTAMP '{{AS_OF}}' AND lapsed
    GROUP BY ALL
),
baseline AS (
    -- Users not touched by C, lapsed at s (an event before s, no K in the 90 days before);
    -- converted: a K in [s, s + 7 days). Measured when s + 7 days <= as_of.
    SELECT p.campaign, count(*) AS users, count(*) FILTER (WHERE k.converted) AS converted
    FROM (SELECT c.campaign, fe.uid
          FROM campaigns c JOIN first_event fe ON fe.first_time < c.s
          WHERE c.sent_week_over
            AND NOT EXISTS (SELECT 1 FROM touched t WHERE t.campaign = c.campaign AND t.uid = fe.uid)) p
    LEFT JOIN (
        -- Per campaign and user: a K in the 90 days before s, a K in the week from s.
        SELECT c.campaign, k.uid, bool_or(k.time < c.s) AS active, bool_or(k.time >= c.s) AS converted
        FROM campaigns c JOIN key k ON k.time >= c.s - INTERVAL 90 DAY AND k.time < c.s + INTERVAL 7 DAY
        GROUP BY ALL) k ON k.campaign = p.campaign AND k.uid = p.uid
    WHERE NOT coalesce(k.active, false)
    GROUP BY p.campaign
),
wau AS (
    -- Per campaign and account: users with an event in [s - 7 days, s).
    SELECT c.campaign, ua.account_id, count(DISTINCT ua.uid) AS wau
    FROM campaigns c
    JOIN events e ON e.time >= c.s - INTERVAL 7 DAY AND e.time < c.s
    LEFT JOIN merged m ON m.from_id = e.user_id
    JOIN user_account ua ON ua.uid = coalesce(m.to_id, e.user_id)
    GROUP BY ALL
),
low_wau AS (
    -- Accounts with users whose WAU at s is below the threshold: touched (a user touched by C)
    -- and converted (a touched user did K within 7 days of their first touch).
    SELECT c.campaign, count(*) AS accounts, count(*) FILTER (WHERE t.account_id IS NOT NULL) AS touched,
        count(*) FILTER (WHERE t.converted) AS converted
    FROM campaigns c
    CROSS JOIN (SELECT DISTINCT account_id FROM user_account) acc
    LEFT JOIN wau w ON w.campaign = c.campaign AND w.account_id = acc.account_id
    LEFT JOIN (SELECT f.campaign, ua.account_id, bool_or(f.conv_touch) AS converted
               FROM flags f JOIN user_account ua ON ua.uid = f.uid GROUP BY ALL) t
        ON t.campaign = c.campaign AND t.account_id = acc.account_id
    WHERE c.sent_week_over AND coalesce(w.wau, 0) < {{LOW_WAU}}
    GROUP BY c.campaign
),
rates AS (
    SELECT c.campaign, c.s, c.sent_week_over,
        coalesce(u.clicked, 0) AS clicked,
        coalesce(u.w0_eligible, 0) AS w0_eligible, coalesce(u.w0_converted, 0) AS w0_converted,
        u.w0_converted::DOUBLE / nullif(u.w0_eligible, 0) AS w0_rate,
        coalesce(u.m1_eligible, 0) AS m1_eligible, coalesce(u.m1_converted, 0) AS m1_converted,
        u.m1_converted::DOUBLE / nullif(u.m1_eligible, 0) AS m1_rate,
        af.w0_converted::DOUBLE / nullif(af.w0_accounts, 0) AS w0_account_rate,
        af.m1_converted::DOUBLE / nullif(af.m1_accounts, 0) AS m1_account_rate,
        coalesce(l.accounts, 0) AS low_accounts, coalesce(l.touched, 0) AS low_touched,
        coalesce(l.converted, 0) AS low_converted,
        l.converted::DOUBLE / nullif(l.accounts, 0) AS low_rate,
        coalesce(s0.users, 0) AS d_users, coalesce(s0.converted, 0) AS d_converted,
        s0.converted::DOUBLE / nullif(s0.users, 0) AS d_rate,
        coalesce(s1.users, 0) AS o_users, coalesce(s1.converted, 0) AS o_converted,
        s1.converted::DOUBLE / nullif(s1.users, 0) AS o_rate,
        coalesce(s2.users, 0) AS c_users, coalesce(s2.converted, 0) AS c_converted,
        s2.converted::DOUBLE / nullif(s2.users, 0) AS c_rate,
        coalesce(b.users, 0) AS b_users, coalesce(b.converted, 0) AS b_converted,
        b.converted::DOUBLE / nullif(b.users, 0) AS b_rate
    FROM campaigns c
    LEFT JOIN users_figures u USING (campaign)
    LEFT JOIN account_figures af USING (campaign)
    LEFT JOIN low_wau l USING (campaign)
    LEFT JOIN stages s0 ON s0.campaign = c.campaign AND s0.highest = 0
    LEFT JOIN stages s1 ON s1.campaign = c.campaign AND s1.highest = 1
    LEFT JOIN stages s2 ON s2.campaign = c.campaign AND s2.highest = 2
    LEFT JOIN baseline b USING (campaign)
)
SELECT campaign, strftime(s, '%Y-%m-%dT%H:%M:%S.%gZ') AS first_send,
    clicked, w0_eligible, w0_converted, w0_rate, m1_eligible, m1_converted, m1_rate,
    w0_account_rate, m1_account_rate,
    -- the low-WAU figures and the baseline's counts only when s + 7 days <= as_of
    if(sent_week_over, low_accounts, NULL), if(sent_week_over, low_touched, NULL),
    if(sent_week_over, low_converted, NULL), low_rate,
    d_users, d_converted, d_rate, (d_rate - b_rate) * 100,
    o_users, o_converted, o_rate, (o_rate - b_rate) * 100,
    c_users, c_converted, c_rate, (c_rate - b_rate) * 100,
    if(sent_week_over, b_users, NULL), if(sent_week_over, b_converted, NULL), b_rate
FROM rates
ORDER BY campaign;
