// The DuckDB peer of the `analyses` section of bench/run: times the queries of an SQL file on a
// DuckDB database file, read-only, with @duckdb/node-api.
//
//     node bench/duckdb_analyses.mjs DB.duckdb QUERIES.sql OUTDIR RUNS AS_OF [NAME...]
//
// QUERIES.sql (bench/analyses_duckdb.sql): a setup part, then queries each introduced by a
// line "-- query: NAME"; {{AS_OF}} is replaced by AS_OF everywhere. The setup runs once,
// untimed, after the database is open; then each query (or each NAME given) runs RUNS times,
// and only the query call is timed: connection.runAndReadAll(sql), which also reads every
// result row into JS. Prints one line per query: NAME, the median ms, every run's ms
// (tab-separated); writes the rows of the last run to OUTDIR/duckdb-NAME.tsv (values
// tab-separated, "" for NULL). Default threads (all cores) and memory limit, as in the load.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [dbPath, sqlPath, outDir, runsText, asOf, ...only] = process.argv.slice(2);
const runs = Number(runsText);
if (!dbPath || !sqlPath || !outDir || !(runs >= 1) || !asOf) {
    console.error('usage: node duckdb_analyses.mjs DB QUERIES.sql OUTDIR RUNS AS_OF [NAME...]');
    process.exit(2);
}

// Split the file at the "-- query: NAME" lines.
const parts = readFileSync(sqlPath, 'utf8').replaceAll('{{AS_OF}}', asOf).split(/^-- query: *(\S+) *$/m);
const setup = parts[0];
const queries = [];
for (let i = 1; i < parts.length; i += 2)
    queries.push({ name: parts[i], sql: parts[i + 1].trim() });
for (const name of only) {
    if (!queries.some((q) => q.name === name)) {
        console.error(`duckdb_analyses: no query "${name}" in ${sqlPath}`);
        process.exit(2);
    }
}

const median = (values) => {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const cell = (v) => (v === null || v === undefined ? '' : String(v));

const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
for (const statement of setup.split(/;\s*$/m)) {
    const sql = statement.replace(/^\s*--.*$/gm, '').trim();
    if (sql)
        await connection.run(sql);
}
for (const { name, sql } of queries) {
    if (only.length && !only.includes(name))
        continue;
    const times = [];
    let rows = [];
    for (let run = 0; run < runs; ++run) {
        const t0 = performance.now();
        const reader = await connection.runAndReadAll(sql);
        times.push(performance.now() - t0);
        rows = reader.getRowsJS();
    }
    writeFileSync(join(outDir, `duckdb-${name}.tsv`),
                  rows.map((row) => row.map(cell).join('\t') + '\n').join(''));
    console.log([name, median(times).toFixed(1), ...times.map((t) => t.toFixed(1))].join('\t'));
}
connection.closeSync();
instance.closeSync();
