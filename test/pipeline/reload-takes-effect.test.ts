// SIGHUP through a running session: every layer thread (L0 with the MA windows, L1 with the model
// weights and parameters, ...) applies the new params version, and a new risk.equityUsd reaches
// the portfolio at once (equity and the summary's starting equity move by the deposit). That each
// reloadable field lands in the params block is params-reload-coverage.test.ts; what L0 does with
// new windows is feature-engine-windows.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI, tradingCryptoConfig } from './cli-session.js';

const metric = (text: string, name: string, labels = ''): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name}{`)));
  return line === undefined ? NaN : Number(line.split(' ').pop());
};

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

test('a reload reaches every layer, the portfolio and the feature engine while running', async () => {
  const config = tradingCryptoConfig((y) => y.replace(/kind: sim/, 'kind: synthetic').replace(/ratePerSecond: *\d+/, 'ratePerSecond: 2000'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [CLI, 'run', 'crypto', '--json', '--config', config, '--metrics-port', String(port), '--duration', '20s'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  try {
    const before = await until('fills to be booked', 8000, async () => {
      const m = await scrape();
      return metric(m, 'tradebot_fills_total') > 0 ? m : undefined;
    });
    const versionBefore = metric(before, 'tradebot_params_version', '{layer="L3",role="sizing"}');
    const equityBefore = metric(before, 'tradebot_equity_usd');

    writeFileSync(config, readFileSync(config, 'utf8')
      .replace(/equityUsd: *\d+/, 'equityUsd: 150000')
      .replace(/shortWindow: *\d+/, 'shortWindow: 5')
      .replace(/longWindow: *\d+/, 'longWindow: 50')
      .replace(/(ma_momentum:\n\s+weight:) *\d+/, '$1 0'));
    child.kill('SIGHUP');
    await until('the reload line', 3000, async () => (stderr.includes('config reloaded') ? true : undefined));
    for (const change of ['strategy.shortWindow 20 -> 5', 'strategy.longWindow 100 -> 50', 'risk.equityUsd 100000 -> 150000', 'alphas.ma_momentum.weight 1 -> 0']) {
      assert.ok(stderr.includes(change), `reload line names ${change}: ${stderr}`);
    }
    // Every layer thread applies the new version (L0 included: it owns the MA windows).
    const after = await until('every layer to apply the reload', 3000, async () => {
      const m = await scrape();
      const versions = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5'].map((l) => metric(m, 'tradebot_params_version', `{layer="${l}",role="${({ L0: 'ingest', L1: 'alpha', L2: 'ensemble', L3: 'sizing', L4: 'execution', L5: 'risk' } as Record<string, string>)[l]}"}`));
      return versions.every((v) => v > versionBefore) ? m : undefined;
    });
    // The deposit shows in equity at once, not at the next fill (PnL moves a little meanwhile).
    const equityAfter = metric(after, 'tradebot_equity_usd');
    assert.ok(Math.abs(equityAfter - equityBefore - 50_000) < 2_000, `equity ${equityBefore} -> ${equityAfter}`);

    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(5000).then(() => 'timeout' as const)]);
    assert.is(code, 0, stderr);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    assert.is(summary.starting_equity_usd, 150_000);
    assert.is(summary.config_reloads, 1);
  } finally {
    child.kill('SIGKILL');
    rmSync(path.dirname(config), { recursive: true, force: true });
  }
});

test.run();
