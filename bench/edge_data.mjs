// A small hand-made export folder with the boundary cases of the `analyses` section's five
// queries, to check the peers' SQL (bench/analyses_*.sql) and Pulsebook against results worked
// out by hand (docs/definitions.md), which the demo data rarely hits:
//
//     node bench/edge_data.mjs bench/data/edge         # as_of 2026-11-01
//     node bench/edge_data.mjs bench/data/edge-late late   # one more event on 2026-11-05:
//                                                      # as_of 2026-11-06, steps after `to`
//     bench/run --data bench/data/edge --runs 1 --build build-dev
//
// The cases (events.time in the export's form "YYYY-MM-DD HH:MM:SS.fff", UTC):
// - funnel: a step at the entry's millisecond with a smaller event_id (99 < 100 by value,
//   not as text: not after the entry) or a larger one (after); a step exactly at t1 + 14 days
//   (in) and 1 ms later (out); a later entry reaching further than an earlier one; a user
//   merged through a chain (x1 -> x2 -> f4) whose steps are spread over the three IDs; an
//   entry 1 ms before `from`; a user only in events; steps out of order.
// - retention: t0 on a Sunday 23:59:59.999 (cohort: the Monday before) and on a Monday 00:00;
//   returns at t0 + 7 days (period 1), t0 + 14 days - 1 ms (period 1), t0 + 7 days - 1 ms
//   (period 0); t0 + 8 * 7 days = as_of exactly (period 7 eligible) and 1 ms later (not); a
//   Login before `from` then one in the range (t0: the one in the range).
// - segment: a Login at as_of - 30 days exactly (in) and 1 ms before (out); a Run Query 1 ms
//   before the window (does not exclude); merged users whose Login and Run Query are on
//   different IDs; a user only in events.
// - onboarding: csm "maya patel" (case-insensitive); steps done by a merged-away ID count for
//   the surviving user; a merged-away ID in Maya Patel's account is no user of its own; a user
//   with no events.
// - trend: ties of totals at the 10th place (by name), events at Sunday 23:59:59.999 and Monday
//   00:00, before `from` (out), a user only in events ("(none)").
// Prints the results worked out by hand.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, variant] = process.argv.slice(2);
if (!dir || (variant !== undefined && variant !== 'late')) {
    console.error('usage: node edge_data.mjs DIR [late]');
    process.exit(2);
}
const late = variant === 'late';
mkdirSync(dir, { recursive: true });

const DAY = 86400000;
const t = (s) => Date.parse(s.replace(' ', 'T') + 'Z'); // UTC ms
const fmt = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const events = [];
let nextId = 1000;
const ev = (user, ms, event, id) => events.push([id ?? ++nextId, user, ms, event]);
const users = []; // [user_id, account_id]
const user = (u, account) => users.push([u, account]);
const migrations = []; // [from, to, time]

// --- funnel: Login -> Run Query -> View Chart -> Save Report, entries in [08-01, 11-01), 14 days
const T = t('2026-08-10 10:00:00');
user('f1', 'A3'); // furthest 1: the Run Query (id 99) is before the entry (id 100) at the same ms
ev('f1', T, 'Login', 100); ev('f1', T, 'Run Query', 99);
ev('f1', T + 3600000, 'View Chart'); ev('f1', T + 7200000, 'Save Report');
user('f1b', 'A3'); // 4: same ms, larger id: after
ev('f1b', T, 'Login', 100000001); ev('f1b', T, 'Run Query', 100000002);
ev('f1b', T + 1, 'View Chart'); ev('f1b', T + 2, 'Save Report');
user('f2', 'A3'); // 3: View Chart at t1 + 14 days exactly, Save Report 1 ms later
ev('f2', T, 'Login'); ev('f2', T + DAY, 'Run Query');
ev('f2', T + 14 * DAY, 'View Chart'); ev('f2', T + 14 * DAY + 1, 'Save Report');
user('f3', 'A3'); // 4, from the second entry (the first one's Run Query is 1 ms too late)
ev('f3', t('2026-08-01 00:00:00'), 'Login'); ev('f3', t('2026-08-15 00:00:00') + 1, 'Run Query');
ev('f3', t('2026-08-15 00:00:00'), 'Login'); ev('f3', t('2026-08-21 00:00:00'), 'View Chart');
ev('f3', t('2026-08-22 00:00:00'), 'Save Report');
user('f4', 'A3'); // 4, over the chain x1 -> x2 -> f4
migrations.push(['x1', 'x2', '2026-09-10T00:00:00Z'], ['x2', 'f4', '2026-09-11T00:00:00Z']);
user('x1', 'A1'); // merged away (and in Maya Patel's account): no user of its own
ev('x1', t('2026-09-01 08:00:00'), 'Login'); ev('x2', t('2026-09-02 08:00:00'), 'Run Query');
ev('f4', t('2026-09-03 08:00:00'), 'View Chart'); ev('x1', t('2026-09-04 08:00:00'), 'Save Report');
user('f5', 'A3'); // no entry: 1 ms before `from`
ev('f5', t('2026-07-31 23:59:59.999'), 'Login'); ev('f5', t('2026-08-01 00:00:01'), 'Run Query');
user('f6', 'A3'); // 2
ev('f6', t('2026-10-31 10:00:00'), 'Login'); ev('f6', t('2026-10-31 11:00:00'), 'Run Query');
ev('f7', t('2026-09-10 10:00:00'), 'Login'); ev('f7', t('2026-09-11 10:00:00'), 'Run Query'); // 2, only in events
user('f8', 'A3'); // 2: the View Chart is before the Run Query
ev('f8', T, 'Login'); ev('f8', T + DAY, 'View Chart'); ev('f8', T + 2 * DAY, 'Run Query');
ev('f8', T + 3 * DAY, 'Save Report');

// --- retention: Login -> View Chart, 7 days x 8, starts in [08-01, 10-01)
let t0 = t('2026-08-02 23:59:59.999'); // a Sunday: cohort 2026-07-27
user('r1', 'A3'); ev('r1', t0, 'Login'); ev('r1', t0 + 7 * DAY, 'View Chart');
ev('r1', t0 + 14 * DAY - 1, 'View Chart'); ev('r1', t0 + 14 * DAY, 'View Chart');
t0 = t('2026-08-03 00:00:00'); // a Monday: cohort 2026-08-03; period 0, then 3
user('r2', 'A3'); ev('r2', t0, 'Login'); ev('r2', t0 + 7 * DAY - 1, 'View Chart');
ev('r2', t0 + 21 * DAY, 'View Chart');
t0 = t('2026-09-06 00:00:00'); // t0 + 56 days = 2026-11-01 = as_of: period 7 eligible
user('r3', 'A3'); ev('r3', t0, 'Login'); ev('r3', t0 + 49 * DAY, 'View Chart');
ev('r3', t0 + 55 * DAY, 'View Chart');
t0 = t('2026-09-06 00:00:00.001'); // 1 ms later: period 7 not eligible (with as_of 11-01)
user('r3b', 'A3'); ev('r3b', t0, 'Login'); ev('r3b', t0 + 49 * DAY, 'View Chart');
ev('r3b', t0 + 42 * DAY, 'View Chart');
user('r4', 'A3'); // t0 = 08-05 (the Login of 07-31 is before `from`)
ev('r4', t('2026-07-31 12:00:00'), 'Login'); ev('r4', t('2026-08-05 12:00:00'), 'Login');
ev('r4', t('2026-08-12 12:00:00'), 'View Chart'); ev('r4', t('2026-09-30 23:59:59.999'), 'Login');
user('r5', 'A3'); // t0 = 09-30 23:59:59.999 (the 10-01 Login is at `to`); period 1
ev('r5', t('2026-09-30 23:59:59.999'), 'Login'); ev('r5', t('2026-10-01 00:00:00'), 'Login');
ev('r5', t('2026-10-08 00:00:00'), 'View Chart');

// --- segment: did "Login" within 30d and not did "Run Query" within 30d
user('s1', 'A3'); ev('s1', t('2026-10-02 00:00:00'), 'Login'); // in (as_of 11-01)
user('s2', 'A3'); ev('s2', t('2026-10-05 00:00:00'), 'Login');
ev('s2', t('2026-10-01 23:59:59.999'), 'Run Query'); // in: the Run Query is before the window
user('s3', 'A3'); ev('s3', t('2026-10-05 00:00:00'), 'Login'); ev('s3', t('2026-10-20 00:00:00'), 'Run Query');
user('s4', 'A3'); ev('s4', t('2026-10-01 23:59:59.999'), 'Login'); // out: 1 ms before the window
user('s5', 'A3'); migrations.push(['y1', 's5', '2026-10-20T00:00:00Z']); // out
ev('y1', t('2026-10-10 00:00:00'), 'Login'); ev('s5', t('2026-10-11 00:00:00'), 'Run Query');
user('s6', 'A3'); migrations.push(['y2', 's6', '2026-10-20T00:00:00Z']); // out
ev('y2', t('2026-10-12 00:00:00'), 'Run Query'); ev('s6', t('2026-10-13 00:00:00'), 'Login');
user('s8', 'A3'); migrations.push(['y3', 's8', '2026-10-20T00:00:00Z']); // in
ev('y3', t('2026-10-12 00:00:00'), 'Login');
ev('s7', t('2026-10-15 00:00:00'), 'Login'); // in, only in events

// --- onboarding: Maya Patel's accounts are A1 ("Maya Patel") and A2 ("maya patel")
const steps = ['Complete Profile', 'Connect Data Source', 'Invite Teammate'];
user('o1', 'A1'); steps.forEach((s, i) => ev('o1', t('2026-06-01 00:00:00') + i * DAY, s)); // done
user('o2', 'A2'); ev('o2', t('2026-06-01 00:00:00'), 'Login'); // missing all three
user('o3', 'A1'); ev('o3', t('2026-06-01 00:00:00'), 'Complete Profile'); // done, with z1's step
ev('o3', t('2026-06-02 00:00:00'), 'Invite Teammate');
user('z1', 'A1'); migrations.push(['z1', 'o3', '2026-07-01T00:00:00Z']);
ev('z1', t('2026-06-03 00:00:00'), 'Connect Data Source');
user('o4', 'A1'); user('z2', 'A3'); migrations.push(['z2', 'o4', '2026-07-01T00:00:00Z']);
ev('z2', t('2026-06-03 00:00:00'), 'Invite Teammate'); // o4 misses the first two
user('o5', 'A1'); ev('o5', t('2026-06-03 00:00:00'), 'Connect Data Source'); // misses two
user('o6', 'A1'); // no events: missing all three
user('o7', 'A3'); ev('o7', t('2026-06-03 00:00:00'), 'Login'); // not Maya Patel's

// --- trend: Run Query per week by account_id; totals tie at the 10th place
const counts = { A4: 9, A5: 9, A6: 8, A7: 7, A8: 6, A9: 5, A10: 4, A11: 3, A12: 3, A13: 3, A14: 3, A15: 2 };
for (const [a, n] of Object.entries(counts)) {
    user('t' + a, a);
    for (let i = 0; i < n; ++i)
        ev('t' + a, t('2026-08-09 23:59:59.999') + i * 7 * DAY, 'Run Query');
}
user('tB', 'A4'); // one Run Query before `from` (out), one at the first Monday 00:00
ev('tB', t('2026-08-02 23:59:59.999'), 'Run Query'); ev('tB', t('2026-08-03 00:00:00'), 'Run Query');

// The latest event: as_of = 2026-11-01, or 2026-11-06 with "late".
ev('tB', t('2026-10-31 12:00:00'), 'View Home');
if (late) {
    ev('tB', t('2026-11-05 12:00:00'), 'View Home');
    user('g1', 'A3'); // 3: steps after `to`, within 14 days
    ev('g1', t('2026-10-31 10:00:00'), 'Login'); ev('g1', t('2026-11-02 10:00:00'), 'Run Query');
    ev('g1', t('2026-11-03 10:00:00'), 'View Chart');
    user('g2', 'A3'); // no entry: the Login is at `to`
    ev('g2', t('2026-11-01 00:00:00'), 'Login'); ev('g2', t('2026-11-02 10:00:00'), 'Run Query');
    t0 = t('2026-09-11 00:00:00'); // t0 + 56 days = 2026-11-06 = as_of: period 7 eligible
    user('g3', 'A3'); ev('g3', t0, 'Login'); ev('g3', t0 + 49 * DAY, 'View Chart');
}

const csv = (cell) => (/[",\n]/.test(String(cell)) ? `"${String(cell).replaceAll('"', '""')}"` : String(cell));
const write = (name, header, rows) =>
    writeFileSync(join(dir, name), [header, ...rows].map((r) => r.map(csv).join(',') + '\n').join(''));
write('events.csv', ['event_id', 'user_id', 'session_id', 'time', 'event', 'path', 'title', 'referrer'],
      events.map(([id, u, ms, e]) => [id, u, '', fmt(ms), e, '', '', '']));
write('users.csv', ['user_id', 'identity', 'email', 'account_id', 'joindate', 'last_modified', 'name', 'role'],
      users.map(([u, a]) => [u, `${u}@edge.example`, `${u}@edge.example`, a, '2026-05-05 01:01:24',
                             '2026-07-24T01:17:26Z', u, 'Viewer']));
const accounts = [['A1', 'Maya Patel'], ['A2', 'maya patel'], ['A3', 'Jordan Reyes']];
for (let i = 4; i <= 15; ++i)
    accounts.push([`A${i}`, 'Grace Liu']);
write('accounts.csv', ['account_id', 'name', 'csm', 'industry'],
      accounts.map(([a, csm]) => [a, `Account ${a}`, csm, 'Energy']));
write('team.csv', ['person', 'role', 'manager'],
      [['Maya Patel', 'CSM', ''], ['Jordan Reyes', 'CSM', ''], ['Grace Liu', 'CSM', '']]);
write('sessions.csv', ['session_id', 'user_id', 'time', 'device_type', 'browser', 'platform', 'country',
                       'referrer', 'landing_page', 'utm_source', 'utm_campaign'],
      [[1, 'f1', '2026-08-10 10:00:00.000', 'Desktop', 'Chrome', 'Mac OS X', 'India', '', '/login', '', '']]);
write('campaign_touches.csv', ['user_id', 'campaign', 'time', 'stage'],
      [['f1', 'Q3 Product Update', '2026-07-14T15:27:26Z', 'delivered']]);
write('user_migrations.csv', ['from_user_id', 'to_user_id', 'time'], migrations);

console.log(`wrote ${events.length} events, ${users.length} users.csv rows to ${dir}; worked out by hand:`);
console.log(late
    ? `  as-of 2026-11-06; funnel Login 24 → Run Query 9 → View Chart 5 → Save Report 3;
  retention 6 cohorts, all: 14 users, period 1 3/14 (21.4%), period 7 3/13 (23.1%);
  segment 2 users (s7, s8); onboarding 4 users (o2, o4, o5, o6), 2 missing every step;
  trend 13 weeks x 11 series, top A3 11, other 9 (A13 3 + A14 3 + A15 2 + (none) 1)`
    : `  as-of 2026-11-01; funnel Login 22 → Run Query 8 → View Chart 4 → Save Report 3;
  retention 6 cohorts, all: 13 users, period 1 3/13 (23.1%), period 7 1/10 (10.0%);
  segment 4 users (s1, s2, s7, s8); onboarding 4 users (o2, o4, o5, o6), 2 missing every step;
  trend 13 weeks x 11 series, top A3 11, other 9 (A13 3 + A14 3 + A15 2 + (none) 1)`);
