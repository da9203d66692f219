// The result checks of the `analyses` section of bench/run: turns one tool's result of one
// query into a canonical text, so that Pulsebook's JSON and the peers' rows can be compared
// byte for byte, and prints a one-line summary of it.
//
//     node bench/analyses_results.mjs QUERY pulsebook RESULT.json CANONICAL.txt
//     node bench/analyses_results.mjs QUERY peer RESULT.tsv CANONICAL.txt [PERIODS]
//
// QUERY is funnel, retention, segment, onboarding or trend; RESULT.json is the output of
// `pulsebook-cli QUERY ... --format json`, RESULT.tsv the rows of the peer's query
// (bench/analyses_duckdb.sql, bench/analyses_sqlite.sql). The summary ends with the first 12
// hex digits of the canonical text's SHA-256 when the result has more than a few numbers, so
// that equal summaries mean equal results. PERIODS: retention's number of periods (Pulsebook
// has a column for each; a peer has rows only for periods with eligible users).
//
// Canonical texts, one line per row, tab-separated:
//   funnel      step, event, users                       (steps in order)
//   retention   cohort, users, then the rate of periods 1..N-1 ("" when no user is eligible),
//               cohorts ascending, then "all". Pulsebook prints rates (retained / eligible),
//               the peers count retained and eligible users: their rate is the same double
//               division, printed as JavaScript prints numbers (the shortest exact form).
//   segment     users
//   onboarding  user_id, missing steps                   (sorted by user_id)
//   trend       bucket, group, events                    (sorted)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const [query, kind, input, output, periodsText] = process.argv.slice(2);
if (!['funnel', 'retention', 'segment', 'onboarding', 'trend'].includes(query) ||
    !['pulsebook', 'peer'].includes(kind) || !input || !output) {
    console.error('usage: node analyses_results.mjs funnel|retention|segment|onboarding|trend ' +
                  'pulsebook|peer RESULT CANONICAL.txt');
    process.exit(2);
}

const text = readFileSync(input, 'utf8');
// Pulsebook: the JSON's rows (objects by column name). Peer: rows of tab-separated cells.
const rows = kind === 'pulsebook'
    ? JSON.parse(text).rows
    : text.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
const cell = (v) => (v === null || v === undefined ? '' : String(v));
const int = (v) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n))
        throw new Error(`${input}: "${v}" is not a whole number`);
    return n;
};
const thousands = (n) => n.toLocaleString('en-US');
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

let lines; // canonical rows, each an array of cells
let summary;
switch (query) {
case 'funnel': {
    lines = kind === 'pulsebook'
        ? rows.map((r) => [int(r.step), r.event, int(r.users)])
        : rows.map(([step, event, users]) => [int(step), event, int(users)]);
    summary = lines.map(([, event, users]) => `${event} ${thousands(users)}`).join(' → ');
    break;
}
case 'retention': {
    let periods;
    if (kind === 'pulsebook') {
        periods = Object.keys(rows[0] ?? {}).filter((c) => c.startsWith('period_')).length + 1;
        lines = rows.map((r) => {
            const rates = [];
            for (let n = 1; n < periods; ++n)
                rates.push(r[`period_${n}`] === null ? '' : String(r[`period_${n}`]));
            return [r.cohort, int(r.users), ...rates];
        });
    } else {
        // Rows: cohort, n, retained, eligible.
        const cohorts = new Map();
        periods = 0;
        for (const [cohort, n, retained, eligible] of rows) {
            if (!cohorts.has(cohort))
                cohorts.set(cohort, new Map());
            cohorts.get(cohort).set(int(n), [int(retained), int(eligible)]);
            periods = Math.max(periods, int(n) + 1);
        }
        // Pulsebook's columns: periods 1..N-1 whether or not anyone is eligible.
        periods = Math.max(periods, Number(periodsText || 0));
        lines = [...cohorts].map(([cohort, cells]) => {
            const rates = [];
            for (let n = 1; n < periods; ++n) {
                const c = cells.get(n);
                rates.push(c && c[1] > 0 ? String(c[0] / c[1]) : '');
            }
            return [cohort, cells.get(0)[1], ...rates];
        });
    }
    const all = lines.filter((l) => l[0] === 'all');
    lines = lines.filter((l) => l[0] !== 'all').sort((a, b) => byText(a[0], b[0])).concat(all);
    const total = all[0];
    const pct = (r) => (r === '' ? 'blank' : `${(100 * Number(r)).toFixed(1)}%`);
    summary = `${lines.length - all.length} cohorts; all: ${thousands(total ? total[1] : 0)} users`;
    if (total && total.length > 2)
        summary += `, period 1 ${pct(total[2])}, period ${total.length - 2} ${pct(total[total.length - 1])}`;
    break;
}
case 'segment': {
    lines = kind === 'pulsebook' ? rows.map((r) => [int(r.users)]) : rows.map(([n]) => [int(n)]);
    summary = `${thousands(lines[0]?.[0] ?? 0)} users`;
    break;
}
case 'onboarding': {
    lines = kind === 'pulsebook'
        ? rows.map((r) => [cell(r.user_id), cell(r.missing_steps)])
        : rows.map(([user, missing]) => [user, cell(missing)]);
    lines.sort((a, b) => byText(a[0], b[0]));
    const all = lines.filter((l) => l[1].split('; ').length === 3).length;
    summary = `${thousands(lines.length)} users (${thousands(all)} missing every step)`;
    break;
}
case 'trend': {
    lines = kind === 'pulsebook'
        ? rows.map((r) => [r.bucket, r.group, int(r.events)])
        : rows.map(([bucket, group, events]) => [bucket, group, int(events)]);
    lines.sort((a, b) => byText(a[0], b[0]) || byText(a[1], b[1]));
    const totals = new Map();
    for (const [, group, events] of lines)
        totals.set(group, (totals.get(group) ?? 0) + events);
    const buckets = new Set(lines.map((l) => l[0])).size;
    const top = [...totals].filter(([g]) => g !== 'other').sort((a, b) => b[1] - a[1])[0];
    summary = `${buckets} weeks x ${totals.size} series; top ${top ? `${top[0]} ${thousands(top[1])}` : '-'}` +
              (totals.has('other') ? `, other ${thousands(totals.get('other'))}` : '');
    break;
}
}

const canonical = lines.map((l) => l.join('\t') + '\n').join('');
writeFileSync(output, canonical);
if (query === 'retention' || query === 'onboarding' || query === 'trend')
    summary += `, sha256 ${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
console.log(summary);
