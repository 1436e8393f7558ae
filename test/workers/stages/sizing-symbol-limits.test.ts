// risk.maxPositionUsdBySymbol reaches sizing through the params block's per-instrument risk table:
// the listed symbol gets its own limit, the others keep risk.maxPositionUsd, and a reload of the
// table changes the limit the running stage applies.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { applyOverrides, defaultConfigPath, parseConfig } from '../../../src/pipeline/config.js';
import { runtimeParamsFor } from '../../../src/pipeline/params.js';
import { SizingStage } from '../../../src/workers/stages/sizing-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { BlendedEdge, SizedIntent } from '../../../src/shm/records.js';
import { buildRecord } from '../../support/record-builder.js';
import { stageRuntime } from '../../support/stage-runtime.js';

const yaml = (limits: string) => readFileSync(defaultConfigPath('crypto'), 'utf8')
  .replace(/^  sizer: kelly$/m, '  sizer: fixed_fraction')
  .replace(/fraction: *[\d.]+/, 'fraction: 0.5')
  .replace(/maxPositionUsdBySymbol: *\{\}/, `maxPositionUsdBySymbol: ${limits}`)
  .replace(/assetClassLimitPct: *\d+/, 'assetClassLimitPct: 100')
  .replace(/port: *9464/, 'port: 0');

const edge = (instrument: number) => buildRecord(BlendedEdge, {
  ts: 1_700_000_000_000_000, instrument, edgeBps: 50, confidence: 1, bid: 99.99, ask: 100.01, volatility: 10,
});

test('a symbol with its own limit is sized to it; the others to maxPositionUsd; reloads apply', () => {
  const config = parseConfig(yaml('{BTC/USDT: 1500}'), 'test.yml');
  const { topo, rt } = stageRuntime('L3', config);
  try {
    const stage = new SizingStage(rt, new RingPort(rt, rt.ring('intents'), rt.telemetry), 0);
    const out = new Float64Array(SizedIntent.f64);
    stage.beginBatch();
    assert.ok(stage.size(edge(0), 0, out, 0));
    assert.is(out[SizedIntent.targetPositionUsd], 1500, 'BTC/USDT: its own limit');
    assert.ok(stage.size(edge(1), 0, out, 0));
    assert.is(out[SizedIntent.targetPositionUsd], config.risk.maxPositionUsd, 'ETH/USDT: maxPositionUsd');

    // SIGHUP with a higher BTC/USDT limit: the orchestrator rewrites the block, the stage tops up.
    topo.params.write(runtimeParamsFor(parseConfig(yaml('{BTC/USDT: 4000}'), 'test.yml')));
    rt.refreshParams();
    stage.beginBatch();
    assert.ok(stage.size(edge(0), 0, out, 0));
    assert.is(out[SizedIntent.targetPositionUsd], 4000);
  } finally {
    rt.finish();
  }
});

test('limits must name configured symbols and stay at or above minOrderUsd', () => {
  assert.throws(() => parseConfig(yaml('{SOL/USDT: 1500}'), 'test.yml'), /risk\.maxPositionUsdBySymbol\["SOL\/USDT"\] is not one of symbols/);
  assert.throws(() => parseConfig(yaml('{BTC/USDT: 10}'), 'test.yml'), /must not be below risk\.minOrderUsd/);
  assert.throws(() => parseConfig(yaml('{BTC/USDT: -1}'), 'test.yml'), /must be a positive number, got -1/);
});

test('--symbols keeps the limits of the symbols that remain', () => {
  const config = parseConfig(yaml('{BTC/USDT: 1500, ETH/USDT: 900}'), 'test.yml');
  const only = applyOverrides(config, { symbols: ['ETH/USDT', 'SOL/USDT'] });
  assert.equal(only.risk.maxPositionUsdBySymbol, { 'ETH/USDT': 900 });
});

test.run();
