// The definitions the peers' SQL of the `scores` section of bench/run reads from the workspace:
// turns `pulsebook-cli workspace export` into a sed script that fills in the {{NAME}}
// placeholders of bench/scores_duckdb.sql and bench/scores_sqlite.sql.
//
//     pulsebook-cli workspace export --cache C - | node bench/scores_workspace.mjs > subst.sed
//
// The SQL is written for the shape of Pulsebook's default definitions
// (core/workspace/ScoreDefinitions.cpp): the health score's three groups and eight inputs, the
// scorecard's three key columns, the manager scorecard's eleven coloured columns, the
// onboarding steps, the campaigns' key event. Their numbers (weights, zero/ten values, bounds,
// silent days, "health above", the low-WAU threshold) are filled in from the workspace, so a
// change of a default needs no change here. Anything else (another input or key column, a
// direction the SQL does not handle) stops with a message naming it: then the SQL needs work.
import { readFileSync } from 'node:fs';

const workspace = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
const subst = new Map(); // placeholder -> SQL text
const num = (v, where) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
        problems.push(`${where}: not a number (${JSON.stringify(v)})`);
        return '0';
    }
    return String(v); // the shortest text that reads back as the same double
};
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// Onboarding steps and the key event: written out in the SQL.
const steps = ['Complete Profile', 'Connect Data Source', 'Invite Teammate'];
if (!same(workspace.onboarding_steps, steps))
    problems.push(`onboarding_steps is ${JSON.stringify(workspace.onboarding_steps)}, not ${JSON.stringify(steps)}`);
if (workspace.campaigns?.key_event !== 'View Chart')
    problems.push(`campaigns.key_event is ${JSON.stringify(workspace.campaigns?.key_event)}, not "View Chart"`);
subst.set('LOW_WAU', num(workspace.campaigns?.low_wau_threshold ?? 4, 'campaigns.low_wau_threshold'));

// Health score: groups in order, each input in order.
const groups = [
    ['Usage', 'W_USAGE', [['wau_share', 'WAU_SHARE'], ['kpi_per_user:Run Query', 'KPI_PER_USER'],
                          ['days_since_last_activity', 'DAYS_SINCE_ACTIVITY']]],
    ['Adoption', 'W_ADOPTION', [['onboarding_rate', 'ONBOARDING_RATE'], ['products_adopted', 'PRODUCTS']]],
    ['Relationship', 'W_RELATIONSHIP',
     [['sentiment', 'SENTIMENT'], ['days_since:last_champion_activity', 'CHAMPION'],
      ['days_since:last_exec_sponsor_activity', 'SPONSOR']]],
];
const health = workspace.health_score?.groups ?? [];
if (health.length !== groups.length)
    problems.push(`health_score has ${health.length} groups, not ${groups.length}`);
groups.forEach(([name, weight, inputs], g) => {
    const group = health[g] ?? {};
    const where = `health_score.groups[${g}]`;
    if (group.name !== name)
        problems.push(`${where}.name is ${JSON.stringify(group.name)}, not "${name}"`);
    subst.set(weight, num(group.weight, `${where}.weight`));
    const have = (group.inputs ?? []).map((i) => i.metric);
    if (!same(have, inputs.map(([metric]) => metric)))
        problems.push(`${where}.inputs are ${JSON.stringify(have)}, not ${JSON.stringify(inputs.map(([m]) => m))}`);
    inputs.forEach(([, key], i) => {
        const input = group.inputs?.[i] ?? {};
        subst.set(`${key}_ZERO`, num(input.zero, `${where}.inputs[${i}].zero`));
        subst.set(`${key}_TEN`, num(input.ten, `${where}.inputs[${i}].ten`));
    });
});

// Scorecard: the key columns (the account's status) and the silent days.
const keys = [
    ['sentiment', 'KEY_SENTIMENT', 'higher'],
    ['days_since:last_champion_activity', 'KEY_CHAMPION', 'lower'],
    ['health_score', 'KEY_HEALTH', 'higher'],
];
const columns = workspace.scorecard?.columns ?? [];
const keyColumns = columns.filter((c) => c.key);
const keyMetrics = keyColumns.map((c) => c.metric).sort();
if (!same(keyMetrics, keys.map(([metric]) => metric).sort()))
    problems.push(`the scorecard's key columns are ${JSON.stringify(keyMetrics)}, not ${JSON.stringify(keys.map(([m]) => m))}`);
for (const [metric, key, direction] of keys) {
    const column = keyColumns.find((c) => c.metric === metric) ?? {};
    const where = `scorecard column "${column.name ?? metric}"`;
    if (column.direction !== direction)
        problems.push(`${where}: direction ${JSON.stringify(column.direction)}, the SQL has "${direction}"`);
    subst.set(`${key}_GREEN`, num(column.green, `${where}.green`));
    subst.set(`${key}_YELLOW`, num(column.yellow, `${where}.yellow`));
    subst.set(`${key}_MISSING`, column.missing === 'red' ? "'Red'" : "'no data'");
}
subst.set('SILENT_DAYS', num(workspace.scorecard?.silent_days ?? 30, 'scorecard.silent_days'));

// Manager scorecard: every coloured column, higher is better.
const manager = workspace.manager_scorecard ?? {};
subst.set('HEALTH_ABOVE', num(manager.health_above ?? 8, 'manager_scorecard.health_above'));
for (const column of ['success_plan_pct', 'success_plan_updated_90d_pct', 'ebr_180d_pct',
                      'exec_sponsor_90d_pct', 'champion_90d_pct', 'exec_meeting_180d_pct',
                      'open_new_arr_pct', 'win_past_year_pct', 'healthy_pct', 'mean_health',
                      'mean_products_adopted']) {
    const bounds = manager.columns?.[column];
    const where = `manager_scorecard.columns.${column}`;
    if (!bounds || bounds.direction !== 'higher') {
        problems.push(`${where}: ${bounds ? `direction ${JSON.stringify(bounds.direction)}` : 'no bounds'}; the SQL has green/yellow bounds, higher is better`);
        continue;
    }
    subst.set(`M_${column.toUpperCase()}_GREEN`, num(bounds.green, `${where}.green`));
    subst.set(`M_${column.toUpperCase()}_YELLOW`, num(bounds.yellow, `${where}.yellow`));
    subst.set(`M_${column.toUpperCase()}_MISSING`, bounds.missing === 'red' ? "'Red'" : "'no data'");
    // The three at once, for DuckDB's rag(value, green, yellow, missing) macro.
    subst.set(`M_${column.toUpperCase()}`, ['GREEN', 'YELLOW', 'MISSING']
        .map((k) => subst.get(`M_${column.toUpperCase()}_${k}`)).join(', '));
}
const extra = Object.keys(manager.columns ?? {}).filter((k) => !subst.has(`M_${k.toUpperCase()}_GREEN`));
if (extra.length)
    problems.push(`manager_scorecard.columns has bounds the SQL does not colour: ${extra.join(', ')}`);

if (problems.length) {
    console.error('scores_workspace: the workspace does not fit bench/scores_*.sql:\n  ' +
                  problems.join('\n  '));
    process.exit(1);
}
for (const [name, value] of subst)
    console.log(`s/{{${name}}}/${value}/g`); // {{NAME}} is whole: no placeholder is another's prefix
