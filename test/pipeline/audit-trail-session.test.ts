// A session writes its audit trail: every order event with the decision behind it and every fill,
// hash-chained under <data-dir>/audit/<session>/; `audit verify` passes it and names a tampered
// record; `report tca` reads the costs of its fills from it; --data-dir "" turns it off; a data directory that cannot be made refuses the start.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { readAuditFile } from '../../src/compliance/audit-file-reader.js';
import { tempDir } from '../support/temp-dir.js';

test('a trading session\'s trail: one record per order event and fill, decisions named, verified, tampering caught', async () => {
  const data = tempDir('tradebot-data-');
  const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--data-dir', data, '--duration', '2s', '--json', '--metrics-port', '0'], 30_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.ok(s.orders > 0, JSON.stringify(s));
  const sessions = readdirSync(path.join(data, 'audit'));
  assert.is(sessions.length, 1);
  const dir = path.join(data, 'audit', sessions[0]);
  assert.match(r.stderr, new RegExp(`audit trail ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`));
  const files = readdirSync(dir).sort().map((f) => path.join(dir, f));
  const records = files.flatMap((f) => {
    const read = readAuditFile(f);
    assert.is(read.problem, null, f);
    return read.records;
  });
  const submitted = records.filter((x) => (x.payload as { event?: string }).event === 'OrderSubmitted');
  const fills = records.filter((x) => x.kind === 'fill');
  assert.is(submitted.length, s.orders);
  assert.is(fills.length, s.fills);
  const first = submitted[0].payload as Record<string, unknown>;
  assert.ok(Number.isFinite(first.edgeBps) && typeof first.sizingBound === 'string' && typeof first.sizingReason === 'string', JSON.stringify(first));
  assert.ok(['BTC/USDT', 'ETH/USDT'].includes(first.symbol as string));

  const ok = await runCli(['audit', 'verify', path.join(data, 'audit')], 15_000);
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /audit trail intact: \d+ records.*; sealed: its session closed it/);
  const sealed = await runCli(['audit', 'verify', '--sealed', path.join(data, 'audit')], 15_000);
  assert.is(sealed.code, 0, 'a session that ended sealed its trail');
  assert.ok(Number(first.arrivalMid) > 0, 'the arrival mid is on the order');

  // Transaction costs from the same trail: paper takers pay at least half the spread, and the fee.
  const tca = await runCli(['report', 'tca', '--data-dir', data, '--json'], 15_000);
  assert.is(tca.code, 0, tca.stderr);
  const { total } = JSON.parse(tca.stdout.trim());
  assert.is(total.fills, s.fills);
  assert.is(total.orders, s.orders);
  // Paper takers fill in full, unless the session ended before their market state came.
  if (s.orders_cancelled === 0) assert.is(total.fillRate, 1, 'every order filled in full');
  else assert.ok(total.fillRate > 0.9 && total.fillRate < 1, `fill rate ${total.fillRate} with ${s.orders_cancelled} orders expired`);
  assert.ok(total.slippageBps > 0 && total.slippageBps < 20, `slippage ${total.slippageBps} bps: half the spread`);
  assert.ok(Math.abs(total.feeBps - 10) < 0.01, `fees ${total.feeBps} bps (execution.feeBps 10)`);
  assert.ok(Math.abs(total.shortfallBps - total.slippageBps - total.feeBps) < 1e-9);
  const victim = files[0];
  chmodSync(victim, 0o644);
  const bytes = readFileSync(victim);
  const i = bytes.indexOf('OrderSubmitted');
  bytes.write('OrderSubmittes', i);
  writeFileSync(victim, bytes);
  const bad = await runCli(['audit', 'verify', path.join(data, 'audit')], 15_000);
  assert.is(bad.code, 1, bad.stdout);
  assert.match(bad.stdout, /BROKEN in .*audit-000001\.msgpack: seq \d+ \(order_event\) altered/);
});

test('L5 killed three times mid-session: the trail still holds every fill the portfolio booked', async () => {
  const data = tempDir('tradebot-data-');
  // 1.5 s between kills: a restarted L5 is back well before the next one, even with six workers
  // starting at once on a slow machine (a kill asked of a worker already dying is lost).
  const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--data-dir', data, '--duration', '7s', '--json', '--metrics-port', '0',
    '--crash-layer', 'L5', '--crash-after', '1500ms', '--crash-times', '3'], 60_000);
  assert.is(r.code, 0, r.stderr);
  const s = summaryOf(r);
  assert.ok(s.restarts >= 3, `L5 restarted ${s.restarts} times`);
  const [session] = readdirSync(path.join(data, 'audit'));
  const dir = path.join(data, 'audit', session);
  const fills = readdirSync(dir).sort().flatMap((f) => readAuditFile(path.join(dir, f)).records).filter((x) => x.kind === 'fill');
  // A restarted L5 may record again fills of the batch it died in: count each trade once.
  const unique = new Set(fills.map((x) => { const p = x.payload as { symbol: string; tradeId: number }; return `${p.symbol}:${p.tradeId}`; }));
  assert.ok(s.portfolio_fills > 0);
  assert.is(unique.size, s.portfolio_fills, `${unique.size} fills in the trail, ${s.portfolio_fills} booked`);
});

test('--data-dir "" writes no trail; an unusable data directory refuses the start', async () => {
  const off = await runCli(['run', 'crypto', '--data-dir', '', '--duration', '500ms', '--metrics-port', '0'], 30_000);
  assert.is(off.code, 0, off.stderr);
  assert.match(off.stderr, /audit trail off/);
  const file = path.join(tempDir('tradebot-data-'), 'not-a-dir');
  writeFileSync(file, 'x');
  const refused = await runCli(['run', 'crypto', '--data-dir', file, '--duration', '500ms', '--metrics-port', '0'], 30_000);
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /--data-dir.*cannot make the audit directory .*not-a-dir/);
});

test.run();
