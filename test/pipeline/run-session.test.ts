// `tradebot run` as a real child process: /metrics and /health while it runs; SIGHUP with a changed
// config (the kill switch takes effect in the running workers) and then an invalid one (rejected,
// old values kept); L3, L4 and L5 crashed from inside (after publishing, before releasing their
// input) and restarted; SIGTERM -> exit 0 with the JSON summary, and nothing between intents and
// fills lost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, cryptoConfig } from './cli-session.js';


function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? NaN : Number(line.split(' ').pop());
}

test('run: metrics, SIGHUP reload (good then bad), worker crash restarted, SIGTERM drains and exits 0', async () => {
  const config = cryptoConfig();
  const original = readFileSync(config, 'utf8');
  const port = 20000 + Math.floor(Math.random() * 20000);
  // No --duration: the config's durationMs is 0, so the session runs until it is signalled.
  const child = spawn(process.execPath, [CLI, 'run', 'crypto', '--json',
    '--config', config, '--metrics-port', String(port), '--crash-layer', 'L3,L4,L5', '--crash-after', '800ms'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (let i = 0; i < 100 && !stderr.includes(`metrics http://127.0.0.1:${port}/metrics`); i++) await sleep(50);
    assert.ok(stderr.includes(`metrics http://127.0.0.1:${port}/metrics`), `no metrics line in the banner; stderr: ${stderr}`);
    await sleep(1500);

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.is(health.status, 200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.ok(metricValue(metrics, 'tradebot_records_in_total') > 0, 'ticks flowing');
    for (const name of ['tradebot_blended_edge_ratio', 'tradebot_model_confidence_ratio', 'tradebot_position_usd', 'tradebot_position_target_usd',
      'tradebot_pnl_usd', 'tradebot_drawdown_ratio', 'tradebot_var_ratio',
      'tradebot_symbol_fills_total', 'tradebot_unrealized_pnl_usd', 'tradebot_arrival_seconds_bucket',
      'tradebot_tick_to_order_seconds_bucket', 'tradebot_layer_latency_seconds_count', 'tradebot_ring_records']) {
      assert.ok(metrics.includes(name), `metric ${name} missing`);
    }
    for (const layer of ['L3', 'L4', 'L5']) assert.match(stderr, new RegExp(`${layer} restarted \\(restart #1\\)`));

    const intents = async () => metricValue(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text(), 'tradebot_intents_total');
    const beforeReload = await intents();
    await sleep(500);
    assert.ok(await intents() > beforeReload, 'intents flow before the reload');

    // A valid reload that trips the kill switch: the running L3 stops emitting, no restart needed.
    const killed = original.replace(/maxPositionUsd: *\d+/, 'maxPositionUsd: 15000').replace(/killSwitch: *false/, 'killSwitch: true');
    writeFileSync(config, killed);
    child.kill('SIGHUP');
    await sleep(300);
    const frozen = await intents();
    // Then an invalid file: rejected, and the running values (kill switch on) stay.
    writeFileSync(config, killed.replace(/maxPositionUsd: *\d+/, 'maxPositionUsd: -5'));
    child.kill('SIGHUP');
    await sleep(600);
    assert.is(await intents(), frozen, 'no intents while the reloaded kill switch is on');
    const after = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.is(metricValue(after, 'tradebot_config_reloads_total'), 1);
    assert.is(metricValue(after, 'tradebot_config_reload_failures_total'), 1);
    assert.match(stderr, /config reloaded .*risk\.maxPositionUsd 20000 -> 15000, risk\.killSwitch false -> true/);
    assert.match(stderr, /reload rejected.*risk\.maxPositionUsd.*-5/);

    const termAt = performance.now();
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(4000).then(() => 'timeout' as const)]);
    assert.is(code, 0, `exit code; stderr: ${stderr}`);
    assert.ok(performance.now() - termAt < 2000, 'drained and exited within 2 s of SIGTERM');
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    for (const key of ['ticks', 'orders', 'fills', 'rejects', 'pnl_usd', 'max_gross_leverage', 'conflated', 'restarts', 'latency_us']) {
      assert.ok(key in summary, `summary has ${key}`);
    }
    assert.ok(summary.ticks > 0);
    assert.is(summary.restarts, 3);
    assert.is(summary.config_reloads, 1);
    assert.is(summary.config_reload_failures, 1);
    // Nothing accepted is lost across the crash: every intent became one order and one fill.
    assert.ok(summary.intents > 0, 'the session traded');
    assert.is(summary.orders, summary.intents);
    assert.is(summary.fills, summary.orders);
    assert.is(summary.portfolio_fills, summary.fills, 'the restored portfolio booked every fill once');
    assert.ok(summary.var_pct >= 0 && Number.isFinite(summary.var_pct), 'VaR is a number (zero when flat)');
  } finally {
    child.kill('SIGKILL');
  }
});

test.run();
