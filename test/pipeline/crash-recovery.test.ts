// Crash recovery with real processes: a replaying session is killed with SIGKILL once its audit
// trail holds fills, resumed with `--resume`, killed again, and resumed to the end. The one trail
// that results verifies; every fill in it is in the final book (fill count and position equal the
// trail's own sums); no client order id is submitted twice; every order submitted before a crash
// ends in the trail (filled, or expired as session_crashed), none left untracked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { CliChild } from '../support/cli-child.js';
import { waitUntil } from '../support/deadline.js';
import { runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';
import type { AuditRecord } from '../../src/compliance/audit-record.js';
import { checkTrailConsistency } from '../../src/compliance/trail-consistency.js';
import { auditRecordsIn } from '../../src/compliance/tca-report.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';

const trailOf = auditRecordsIn;
const fillsIn = (records: AuditRecord[]) => records.filter((r) => r.kind === 'fill');
const payload = (r: AuditRecord) => r.payload as Record<string, unknown>;

test('kill -9 twice mid-replay, resume each time: nothing lost, nothing sent twice, one trail', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const data = tempDir('tradebot-crash-');
  const config = tradingCryptoConfig();
  const common = ['run', 'crypto', '--config', config, '--replay', file, '--symbols', 'BTC/USDT', '--metrics-port', '0', '--data-dir', data];

  let sessionDir = '';
  const fillsBefore: number[] = [];
  for (let crash = 0; crash < 2; crash++) {
    // Paced so the session is still running when the trail has its first fills.
    const child = new CliChild([...common, '--speed', '20000', ...(crash > 0 ? ['--resume'] : [])]);
    try {
      await child.waitFor('stderr', /audit trail (\S+)\//, 'the session to name its audit trail', 30_000);
      sessionDir = /audit trail (\S+)\//.exec(child.stderr)![1];
      const already = crash === 0 ? 0 : fillsIn(trailOf(sessionDir)).length;
      await waitUntil(() => child.hasExited || fillsIn(trailOf(sessionDir)).length >= already + 3, 40_000,
        () => `three more fills in ${sessionDir}\n${child.transcript}`, 50);
      assert.not.ok(child.hasExited, `the session ended before it could be killed:\n${child.transcript}`);
      child.signal('SIGKILL');
      const exit = await child.exit(10_000);
      assert.is(exit.signal, 'SIGKILL');
    } finally {
      child.kill();
    }
    fillsBefore.push(fillsIn(trailOf(sessionDir)).length);
    if (crash > 0) assert.match(child.stderr, /resumed .*: \d+ fills booked again/);
  }
  assert.is(readdirSync(path.join(data, 'audit')).length, 1, 'every resume continues the one session directory');

  const last = await runCli([...common, '--speed', '0', '--resume', sessionDir, '--json'], 120_000);
  assert.is(last.code, 0, last.stderr);
  assert.match(last.stderr, new RegExp(`resumed ${sessionDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${fillsBefore[1]} fills booked again`));
  const summary = summaryOf(last);
  assert.is(summary.order_state_violations, 0, 'every order event was a legal step of its order\'s life');

  const verify = await runCli(['audit', 'verify', '--sealed', sessionDir], 30_000);
  assert.is(verify.code, 0, `${verify.stdout}${verify.stderr}`);

  const records = trailOf(sessionDir);
  // Only the session that ended closed the trail: the two killed ones left no seal behind them.
  assert.equal(records.filter((r) => r.kind === 'trail_closed').map((r) => r.seq), [records.at(-1)!.seq]);
  const fills = fillsIn(records);
  const resumed = records.filter((r) => r.kind === 'session_resumed');
  assert.equal(resumed.map((r) => payload(r).fills), fillsBefore, 'each resume booked every fill the crash left in the trail');

  // The final book holds every fill of the trail, and only those.
  const lastResume = records.indexOf(resumed.at(-1)!);
  const detail = `fills before the crashes ${fillsBefore.join(', ')}; after the last resume ${fillsIn(records.slice(lastResume)).length}; booked ${summary.portfolio_fills}; in the trail ${fills.length}`;
  assert.is(summary.portfolio_fills, fills.length, `the portfolio booked every fill in the trail (${detail})`);
  const position = fills.reduce((q, r) => q + (payload(r).side === 'sell' ? -1 : 1) * Number(payload(r).lastQty), 0);
  const held = summary.positions['BTC/USDT'];
  assert.ok(Math.abs(held - position) <= 1e-9 * Math.max(1, Math.abs(position)), `position ${held} vs the trail's ${position}`);

  // No order sent twice; every order submitted before a crash is accounted for.
  const consistency = checkTrailConsistency(records);
  assert.ok(consistency.ordersSubmitted > 0);
  assert.equal(consistency.duplicateOrderIds, [], 'client order ids never repeat across the restarts');
  assert.equal(consistency.duplicateTradeIds, [], 'nor do trade ids: each resumed session numbers its events after the last');
  assert.equal(consistency.untrackedOrderIds, [], 'every submitted order ends in the trail');
});

test('--resume refuses a damaged trail and a session that is still running, naming why', async () => {
  const data = tempDir('tradebot-crash-refuse-');
  const none = await runCli(['run', 'crypto', '--metrics-port', '0', '--data-dir', data, '--resume', '--duration', '1s'], 15_000);
  assert.is(none.code, 2);
  assert.match(none.stderr, /--resume: no session under .*audit to resume/);
  const missing = await runCli(['run', 'crypto', '--metrics-port', '0', '--data-dir', data, '--resume', path.join(data, 'nope'), '--duration', '1s'], 15_000);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /--resume: no session directory at .*nope; nothing was started/);
});

test.run();
