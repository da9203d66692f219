// The DuckDB peer of `pulsebook-cli sync`: loads a Pulsebook export folder into a NEW DuckDB
// database file with @duckdb/node-api, the way a DuckDB user would (read_csv into tables).
//
//     node bench/duckdb_load.mjs EXPORT_DIR NEW.duckdb
//
// events, sessions and users get explicit column types; the four small files are read with
// DuckDB's type detection, their ID columns forced to VARCHAR (IDs are strings). DuckDB's
// defaults otherwise: all cores, memory_limit 80% of RAM. Every statement commits on its own;
// the final CHECKPOINT writes everything into the database file before the process exits.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [dir, dbPath] = process.argv.slice(2);
if (!dir || !dbPath) {
    console.error('usage: node duckdb_load.mjs EXPORT_DIR NEW.duckdb');
    process.exit(2);
}
if (existsSync(dbPath)) {
    console.error(`duckdb_load: ${dbPath} exists; the benchmark loads into a new database`);
    process.exit(2);
}

const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const csv = (name) => quote(join(resolve(dir), name));
const struct = (cols) =>
    '{' + Object.entries(cols).map(([k, v]) => `${quote(k)}: ${quote(v)}`).join(', ') + '}';

// Typed tables: read_csv(header=true, columns={...}) must match the header exactly.
const typed = {
    events: {
        event_id: 'BIGINT', user_id: 'VARCHAR', session_id: 'BIGINT', time: 'TIMESTAMP',
        event: 'VARCHAR', path: 'VARCHAR', title: 'VARCHAR', referrer: 'VARCHAR',
    },
    sessions: {
        session_id: 'BIGINT', user_id: 'VARCHAR', time: 'TIMESTAMP', device_type: 'VARCHAR',
        browser: 'VARCHAR', platform: 'VARCHAR', country: 'VARCHAR', referrer: 'VARCHAR',
        landing_page: 'VARCHAR', utm_source: 'VARCHAR', utm_campaign: 'VARCHAR',
    },
    users: {
        user_id: 'VARCHAR', identity: 'VARCHAR', email: 'VARCHAR', account_id: 'VARCHAR',
        joindate: 'TIMESTAMP', last_modified: 'TIMESTAMP', name: 'VARCHAR', role: 'VARCHAR',
    },
};
// Detected tables: only the ID columns' types are given.
const detected = {
    accounts: { account_id: 'VARCHAR' },
    team: { person: 'VARCHAR' },
    campaign_touches: { user_id: 'VARCHAR' },
    user_migrations: { from_user_id: 'VARCHAR', to_user_id: 'VARCHAR' },
};

const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
for (const [table, columns] of Object.entries(typed)) {
    await connection.run(
        `CREATE TABLE ${table} AS SELECT * FROM read_csv(${csv(table + '.csv')}, ` +
        `header = true, columns = ${struct(columns)})`);
}
for (const [table, types] of Object.entries(detected)) {
    await connection.run(
        `CREATE TABLE ${table} AS SELECT * FROM read_csv(${csv(table + '.csv')}, ` +
        `header = true, types = ${struct(types)})`);
}
await connection.run('CHECKPOINT');
connection.closeSync();
instance.closeSync();
