-- The sqlite3-shell peer of `pulsebook-cli sync`: loads a Pulsebook export folder into a NEW
-- SQLite database the way a user of the sqlite3 shell would, then builds the indexes the
-- analyses need and runs ANALYZE.
--
-- Run it from inside the export folder (the file names below are relative):
--     (cd bench/data/demo-10m && sqlite3 /path/to/new.db < /path/to/bench/sqlite_load.sql)
--
-- journal_mode: the default (rollback journal, DELETE) and the default page/cache size;
-- every .import is one transaction. IDs are stored as the text they are in the export, except
-- the numeric event_id and session_id (INTEGER affinity). Empty CSV cells import as ''.
.bail on
.mode csv

CREATE TABLE events (
    event_id   INTEGER,
    user_id    TEXT,
    session_id INTEGER,
    time       TEXT,
    event      TEXT,
    path       TEXT,
    title      TEXT,
    referrer   TEXT
);
CREATE TABLE sessions (
    session_id   INTEGER,
    user_id      TEXT,
    time         TEXT,
    device_type  TEXT,
    browser      TEXT,
    platform     TEXT,
    country      TEXT,
    referrer     TEXT,
    landing_page TEXT,
    utm_source   TEXT,
    utm_campaign TEXT
);
CREATE TABLE users (
    user_id       TEXT,
    identity      TEXT,
    email         TEXT,
    account_id    TEXT,
    joindate      TEXT,
    last_modified TEXT,
    name          TEXT,
    role          TEXT
);

.import --skip 1 events.csv events
.import --skip 1 sessions.csv sessions
.import --skip 1 users.csv users
-- The small files: .import creates each table (all TEXT columns) from its header row.
.import accounts.csv accounts
.import team.csv team
.import campaign_touches.csv campaign_touches
.import user_migrations.csv user_migrations

-- The indexes the analyses need: per-user timelines (funnels, retention, onboarding) and
-- per-event counts; and users by ID (a user's row for a list or a join).
CREATE INDEX events_user_time ON events (user_id, time);
CREATE INDEX events_event ON events (event);
CREATE INDEX users_id ON users (user_id);
ANALYZE;
