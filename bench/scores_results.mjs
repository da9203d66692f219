// The result checks of the `scores` section of bench/run: turns one tool's result of one query
// into a canonical text, so that Pulsebook's CSV and the peers' rows can be compared byte for
// byte, and prints a one-line summary of it (ending with the first 12 hex digits of the text's
// SHA-256, so that equal summaries mean equal results).
//
//     node bench/scores_results.mjs QUERY pulsebook RESULT.csv CANONICAL.txt [STAGES.csv]
//     node bench/scores_results.mjs QUERY peer RESULT.tsv CANONICAL.txt
//
// QUERY is scorecard, managers or campaigns; RESULT.csv is the output of `pulsebook-cli QUERY
// ... --format csv` (or --out), RESULT.tsv the rows of the peer's query (bench/scores_duckdb.sql,
// bench/scores_sqlite.sql), tab-separated, in the columns listed below. For campaigns,
// STAGES.csv is `pulsebook-cli campaigns --by stage --format csv` (the same run computes both;
// the CLI shows one view at a time).
//
// Scorecard and managers: numbers are compared rounded to 2 decimals, as the CLI prints scores,
// means and percentages (round(x * 100) / 100, then printed as JavaScript prints numbers); the
// peers' SQL already rounds the same way, so this only makes both sides' text the same.
// Campaigns: the CLI prints rates and lifts unrounded, to 10 significant digits; so are they
// compared. Canonical texts, one line per row, tab-separated, sorted:
//   scorecard  account_id, health_score, status, silent     (by account_id)
//   managers   every column of `pulsebook-cli managers`: node, role, level, parent, then each
//              figure and its colour                        (by level, then node)
//   campaigns  every column of `pulsebook-cli campaigns`, then per stage (delivered, opened,
//              clicked) users, converted, rate, lift_points of `--by stage`, then the untouched
//              baseline's users, converted, rate           (by campaign)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const [query, kind, input, output, stagesInput] = process.argv.slice(2);
if (!['scorecard', 'managers', 'campaigns'].includes(query) || !['pulsebook', 'peer'].includes(kind) ||
    !input || !output) {
    console.error('usage: node scores_results.mjs scorecard|managers|campaigns pulsebook|peer RESULT CANONICAL.txt');
    process.exit(2);
}

// RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks).
function parseCsv(text) {
    const rows = [];
    let row = [], cell = '', quoted = false;
    for (let i = 0; i < text.length; ++i) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { cell += '"'; ++i; }
            else if (c === '"') quoted = false;
            else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') { row.push(cell); cell = ''; }
        else if (c === '\n' || c === '\r') {
            if (c === '\r' && text[i + 1] === '\n') ++i;
            row.push(cell); rows.push(row); row = []; cell = '';
        } else cell += c;
    }
    if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
    return rows;
}

// The columns of each query, in the CLI's order (the peers' SQL writes them in this order).
const ragged = (keys) => keys.flatMap((k) => [k, `${k}_rag`]);
const managerColumns = ['node', 'role', 'level', 'parent', 'accounts',
    ...ragged(['success_plan_pct', 'success_plan_updated_90d_pct', 'ebr_180d_pct',
               'exec_sponsor_90d_pct', 'champion_90d_pct', 'exec_meeting_180d_pct',
               'open_new_arr_pct', 'win_past_year_pct', 'healthy_pct', 'mean_health',
               'mean_products_adopted']),
    'total_arr', 'red_arr'];
const columnsOf = {
    scorecard: ['account_id', 'health_score', 'status', 'silent'],
    managers: managerColumns,
    campaigns: ['campaign', 'first_send', 'clicked_users', 'week0_eligible', 'week0_users',
                'week0_rate', 'month1_eligible', 'month1_users', 'month1_rate',
                'week0_account_rate', 'month1_account_rate', 'low_wau_accounts',
                'low_wau_touched', 'low_wau_converted', 'low_wau_rate'],
};
const stageNames = ['delivered', 'opened', 'clicked'];

const text = readFileSync(input, 'utf8');
let header, rows;
if (kind === 'pulsebook') {
    [header, ...rows] = parseCsv(text);
    const want = columnsOf[query];
    const at = want.map((c) => header.indexOf(c));
    const lost = want.filter((c, i) => at[i] < 0);
    if (lost.length)
        throw new Error(`${input}: no column ${lost.join(', ')} (columns: ${header.join(', ')})`);
    // The scorecard's columns come from the workspace: only the compared ones are picked.
    if (query !== 'scorecard' && header.join() !== want.join())
        throw new Error(`${input}: the columns are ${header.join(', ')}; the peers' SQL has ${want.join(', ')}`);
    // Cells that look like formulas are written with a leading ' (DESIGN.md): "'-1.24".
    rows = rows.map((r) => at.map((i) => (r[i] ?? '').replace(/^'(?=[-+=@])/, '')));
    if (query === 'campaigns') {
        // Each campaign's stage rows after its campaign row.
        if (!stagesInput)
            throw new Error('campaigns: give the output of `campaigns --by stage` too');
        const [stageHeader, ...stageRows] = parseCsv(readFileSync(stagesInput, 'utf8'));
        const wantStage = ['campaign', 'stage', 'users', 'converted', 'rate', 'lift_points'];
        if (stageHeader.join() !== wantStage.join())
            throw new Error(`${stagesInput}: the columns are ${stageHeader.join(', ')}, not ${wantStage.join(', ')}`);
        const cells = new Map(stageRows.map((r) => [`${r[0]}\t${r[1]}`,
                                                    r.map((c) => c.replace(/^'(?=[-+=@])/, ''))]));
        rows = rows.map((r) => {
            const wide = [...r];
            for (const stage of stageNames) {
                const c = cells.get(`${r[0]}\t${stage}`);
                if (!c)
                    throw new Error(`${stagesInput}: no row for ${r[0]}, ${stage}`);
                wide.push(c[2], c[3], c[4], c[5]);
            }
            const b = cells.get(`${r[0]}\tuntouched baseline`);
            if (!b)
                throw new Error(`${stagesInput}: no row for ${r[0]}, untouched baseline`);
            wide.push(b[2], b[3], b[4]);
            return wide;
        });
    }
} else {
    rows = text.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
}

const isNumber = (cell) => cell !== '' && /^-?[0-9.]+(e[-+]?[0-9]+)?$/i.test(cell);
const round2 = (cell) => (isNumber(cell) ? String(Math.round(Number(cell) * 100) / 100) : cell);
const digits10 = (cell) => (isNumber(cell) ? String(Number(Number(cell).toPrecision(10))) : cell);
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
let lines = rows.map((r) => r.map(query === 'campaigns' ? digits10 : round2));
const thousands = (n) => Number(n).toLocaleString('en-US');
let summary;
switch (query) {
case 'scorecard': {
    lines.sort((a, b) => byText(a[0], b[0]));
    const count = (s) => lines.filter((l) => l[2] === s).length;
    const scored = lines.filter((l) => l[1] !== '');
    const mean = scored.reduce((s, l) => s + Number(l[1]), 0) / (scored.length || 1);
    summary = `${thousands(lines.length)} accounts: Red ${count('Red')}, Yellow ${count('Yellow')}, ` +
              `Green ${count('Green')}, no data ${count('no data')}; silent ` +
              `${lines.filter((l) => l[3] === 'yes').length}; mean of the printed scores ${mean.toFixed(2)}`;
    break;
}
case 'managers': {
    lines.sort((a, b) => Number(a[2]) - Number(b[2]) || byText(a[0], b[0]));
    const all = lines.find((l) => l[0] === 'All accounts') ?? [];
    const col = (name) => all[managerColumns.indexOf(name)];
    summary = `${lines.length} rows; all accounts: ${thousands(col('accounts') ?? 0)}, mean health ` +
              `${col('mean_health')}, healthy ${col('healthy_pct')}%, red ARR ${thousands(col('red_arr') ?? 0)}`;
    break;
}
case 'campaigns': {
    lines.sort((a, b) => byText(a[0], b[0]));
    const total = (col) => lines.reduce((s, l) => s + Number(l[col] || 0), 0);
    summary = `${lines.length} campaigns; week 0: ${thousands(total(4))} of ${thousands(total(3))} ` +
              `clicked users converted; lapsed delivered/opened/clicked users ` +
              `${[15, 19, 23].map((c) => thousands(total(c))).join('/')}, baseline ${thousands(total(27))}`;
    break;
}
}
const canonical = lines.map((l) => l.join('\t') + '\n').join('');
writeFileSync(output, canonical);
console.log(`${summary}, sha256 ${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`);
