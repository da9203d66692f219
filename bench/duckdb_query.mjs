// Runs queries against a DuckDB database file, read-only, and prints one line per query: the
// first row's values, tab-separated ("" for NULL). Used by bench/run for the result checks.
//
//     node bench/duckdb_query.mjs DB.duckdb 'SELECT count(*) FROM events' ...
//
// DB may be ':memory:' (e.g. for `SELECT version()`).
import { DuckDBInstance } from '@duckdb/node-api';

const [dbPath, ...queries] = process.argv.slice(2);
if (!dbPath || queries.length === 0) {
    console.error('usage: node duckdb_query.mjs DB SQL...');
    process.exit(2);
}
const options = dbPath === ':memory:' ? {} : { access_mode: 'READ_ONLY' };
const instance = await DuckDBInstance.create(dbPath, options);
const connection = await instance.connect();
for (const sql of queries) {
    const reader = await connection.runAndReadAll(sql);
    const row = reader.getRowsJS()[0] ?? [];
    console.log(row.map((v) => (v === null || v === undefined ? '' : String(v))).join('\t'));
}
connection.closeSync();
instance.closeSync();
