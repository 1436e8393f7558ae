// `tradebot run` as a real child process: /metrics and /health while it runs; SIGHUP with a changed
// config (the kill switch takes effect in the running workers) and then an invalid one (rejected,
// old values kept); L3, L4 and L5 crashed from inside (after publishing, before releasing their
// input) and restarted; SIGTERM -> exit 0 with the JSON summary, and nothing between intents and
// fills lost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tradingCryptoConfig } from './cli-session.js';
import { CliChild, freePort } from '../support/cli-child.js';
import { fetchWithin, waitUntil } from '../support/deadline.js';

function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? NaN : Number(line.split(' ').pop());
}

test('run: metrics, SIGHUP reload (good then bad), worker crash restarted, SIGTERM drains and exits 0', async () => {
  const config = tradingCryptoConfig();
  const original = readFileSync(config, 'utf8');
  const port = await freePort();
  // No --duration: the config's durationMs is 0, so the session runs until it is signalled.
  const cli = new CliChild(['run', 'crypto', '--json',
    '--config', config, '--metrics-port', String(port), '--crash-layer', 'L3,L4,L5', '--crash-after', '800ms']);
  const scrape = async (): Promise<string> => (await fetchWithin(`http://127.0.0.1:${port}/metrics`)).text();
  try {
    await cli.waitFor('stderr', new RegExp(`metrics http://127\\.0\\.0\\.1:${port}/metrics`), 'the metrics line of the banner');
    for (const layer of ['L3', 'L4', 'L5']) {
      await cli.waitFor('stderr', new RegExp(`${layer} restarted \\(restart #1\\)`), `${layer}'s restart after its crash`);
    }

    const health = await fetchWithin(`http://127.0.0.1:${port}/health`);
    assert.is(health.status, 200);
    const metrics = await scrape();
    assert.ok(metricValue(metrics, 'tradebot_records_in_total') > 0, 'ticks flowing');
    for (const name of ['tradebot_blended_edge_ratio', 'tradebot_model_confidence_ratio', 'tradebot_position_usd', 'tradebot_position_target_usd',
      'tradebot_pnl_usd', 'tradebot_drawdown_ratio', 'tradebot_var_ratio',
      'tradebot_symbol_fills_total', 'tradebot_unrealized_pnl_usd', 'tradebot_arrival_seconds_bucket',
      'tradebot_tick_to_order_seconds_bucket', 'tradebot_layer_latency_seconds_count', 'tradebot_ring_records']) {
      assert.ok(metrics.includes(name), `metric ${name} missing`);
    }

    const intents = async (): Promise<number> => metricValue(await scrape(), 'tradebot_intents_total');
    const beforeReload = await intents();
    assert.ok(Number.isFinite(beforeReload), 'tradebot_intents_total is exported');
    await waitUntil(async () => await intents() > beforeReload, 5000, 'intents to flow after the restarts (before the reload)', 100);

    // A valid reload that trips the kill switch: the running L3 stops emitting, no restart needed.
    const killed = original.replace(/maxPositionUsd: *\d+/, 'maxPositionUsd: 15000').replace(/killSwitch: *false/, 'killSwitch: true');
    assert.not.equal(killed, original, 'the edit applied');
    writeFileSync(config, killed);
    cli.signal('SIGHUP');
    await cli.waitFor('stderr', /config reloaded .*risk\.maxPositionUsd 20000 -> 15000, risk\.killSwitch false -> true/, 'the reload line');
    // Past the scrape cache (metrics.cacheMs, 100 ms) and the batch L3 had in hand.
    await sleep(300);
    const frozen = await intents();
    // Then an invalid file: rejected, and the running values (kill switch on) stay.
    writeFileSync(config, killed.replace(/maxPositionUsd: *\d+/, 'maxPositionUsd: -5'));
    cli.signal('SIGHUP');
    await cli.waitFor('stderr', /reload rejected.*risk\.maxPositionUsd.*-5/, 'the rejected reload');
    // An observation window: intents emitted under the kill switch would show up in it.
    await sleep(600);
    assert.is(await intents(), frozen, 'no intents while the reloaded kill switch is on');
    const after = await scrape();
    assert.is(metricValue(after, 'tradebot_config_reloads_total'), 1);
    assert.is(metricValue(after, 'tradebot_config_reload_failures_total'), 1);

    const termAt = performance.now();
    cli.signal('SIGTERM');
    const { code } = await cli.exit(4000);
    assert.is(code, 0, `exit code\n${cli.transcript}`);
    assert.ok(performance.now() - termAt < 2000, 'drained and exited within 2 s of SIGTERM');
    const summary = JSON.parse(cli.stdout.trim().split('\n').pop()!);
    for (const key of ['ticks', 'orders', 'fills', 'rejects', 'pnl_usd', 'max_gross_leverage', 'conflated', 'restarts', 'latency_us']) {
      assert.ok(key in summary, `summary has ${key}`);
    }
    assert.ok(summary.ticks > 0);
    assert.is(summary.restarts, 3);
    assert.is(summary.config_reloads, 1);
    assert.is(summary.config_reload_failures, 1);
    // Nothing accepted is lost across the crash: every intent became one order, and every order
    // filled (a restarted executor carries on with the orders its predecessor had working).
    assert.ok(summary.intents > 0, 'the session traded');
    assert.is(summary.orders, summary.intents);
    assert.is(summary.orders_filled + summary.orders_cancelled, summary.orders);
    assert.is(summary.portfolio_fills, summary.fills);
    assert.is(summary.portfolio_fills, summary.fills, 'the restored portfolio booked every fill once');
    assert.is(summary.undrained, 0);
    assert.ok(summary.var_pct >= 0 && Number.isFinite(summary.var_pct), 'VaR is a number (zero when flat)');
  } finally {
    cli.kill();
  }
});

test.run();
