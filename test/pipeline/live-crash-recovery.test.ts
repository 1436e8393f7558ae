// Crash recovery of a live session, with real processes and a venue that outlives them: the
// simulated exchange runs in this test, and a `--live --source live` session is pointed at it by
// the URL overrides. The session is killed with SIGKILL while maker orders rest at the venue;
// `--resume` asks the venue about them before it starts, books what filled meanwhile and ends
// the rest. The one trail verifies, no client order id is sent twice, and every fill in the
// trail is in the resumed book.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CliChild } from '../support/cli-child.js';
import { waitUntil } from '../support/deadline.js';
import { runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { tempDir } from '../support/temp-dir.js';
import { auditRecordsIn } from '../../src/compliance/tca-report.js';
import { checkTrailConsistency } from '../../src/compliance/trail-consistency.js';
import { signedRequest, startTradingSim } from '../data/sim-exchange/binance-sim-trading-client.js';

test('kill -9 with orders resting at the venue; the resume reconciles them with the venue, once', async () => {
  const sim = await startTradingSim({ symbols: ['BTC/USDT'], eventsPerSecond: 2_000 });
  try {
    const env = {
      BINANCE_API_KEY: sim.account.apiKey, BINANCE_API_SECRET: sim.account.secret,
      TRADEBOT_BINANCE_WS_URL: sim.endpoints.wsUrl, TRADEBOT_BINANCE_REST_URL: sim.endpoints.restUrl,
      TRADEBOT_BINANCE_TRADING_URL: sim.endpoints.restUrl, TRADEBOT_BINANCE_USER_STREAM_URL: sim.endpoints.wsUrl,
      TRADEBOT_CACHE_DIR: tempDir('tradebot-cache-'),
    };
    const data = tempDir('tradebot-live-crash-');
    // Maker orders rest at the venue until the market trades through them; a few a second.
    const config = tradingCryptoConfig((y) => y.replace(/^  orderStyle: taker$/m, '  orderStyle: maker').replace(/^  maxOrdersPerSecond: 0$/m, '  maxOrdersPerSecond: 5'));
    const common = ['run', 'crypto', '--config', config, '--source', 'live', '--live', '--symbols', 'BTC/USDT', '--metrics-port', '0', '--data-dir', data];

    const child = new CliChild(common, { env: { ...process.env, ...env } });
    let sessionDir = '';
    try {
      await child.waitFor('stderr', /audit trail (\S+)\//, 'the session to name its audit trail', 30_000);
      sessionDir = /audit trail (\S+)\//.exec(child.stderr)![1];
      await waitUntil(() => child.hasExited || sim.ex.tradingStats.orders >= 3, 30_000, () => `three orders at the venue\n${child.transcript}`, 50);
      assert.not.ok(child.hasExited, `the session ended before it could be killed:\n${child.transcript}`);
      child.signal('SIGKILL');
      assert.is((await child.exit(10_000)).signal, 'SIGKILL');
    } finally {
      child.kill();
    }

    const resumed = await runCli([...common, '--resume', sessionDir, '--duration', '2s', '--json'], 60_000, env);
    assert.is(resumed.code, 0, resumed.stderr);
    const summary = summaryOf(resumed);
    assert.is(summary.order_state_violations, 0);
    const records = auditRecordsIn(sessionDir);
    const consistency = checkTrailConsistency(records);
    assert.equal(consistency.duplicateOrderIds, [], 'no client order id sent twice');
    // Orders working at the kill were asked about (those the venue had) before the session started.
    const asked = /--resume: asked the venue about (\d+) orders working at the crash: (\d+) fills the trail did not hold, (\d+) ended, (\d+) unknown to it/.exec(resumed.stderr);
    assert.ok(records.some((r) => r.kind === 'session_resumed'));
    // Unless every order had ended by the kill, the venue was asked (the log says what it answered).
    if (asked !== null) assert.ok(Number(asked[1]) > 0, resumed.stderr);
    const fills = records.filter((r) => r.kind === 'fill');
    assert.is(summary.portfolio_fills, fills.length, 'the book holds every fill in the trail');
    const verify = await runCli(['audit', 'verify', sessionDir], 30_000);
    assert.is(verify.code, 0, `${verify.stdout}${verify.stderr}`);
    // The venue's own record agrees: the resumed session ended by cancelling what worked, and
    // nothing of ours is still open there.
    const open = await signedRequest(sim.endpoints.restUrl, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' }, sim.account);
    assert.is(open.status, 200);
    assert.equal(open.json, []);
  } finally {
    await sim.ex.stop();
  }
});

test.run();
