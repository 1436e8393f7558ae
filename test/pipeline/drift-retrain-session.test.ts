// Retrain on drift in a real session: with pipeline.retrainOnDrift on, a drift alarm on the deep
// model (here added on cue by the test hook, since a real one cannot be summoned) makes the
// running session retrain the promoted model on a worker, on the candles it replays; the new
// model is registered as NAME-retrain, the promoted one stays, and the session goes on and ends
// cleanly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliChild } from '../support/cli-child.js';
import { cryptoConfig, runCli } from './cli-session.js';
import { tempDir } from '../support/temp-dir.js';
import { loadRegisteredCard, readRegistry } from '../../src/models/model-registry.js';

const SHIPPED_MODELS = fileURLToPath(new URL('../../../models', import.meta.url));

test('a drift alarm retrains the promoted model in the background; it is registered, not promoted', async () => {
  const dir = tempDir('tradebot-drift-session-');
  const models = path.join(dir, 'models');
  cpSync(SHIPPED_MODELS, models, { recursive: true });
  const candles = path.join(dir, 'sim.csv');
  const made = await runCli(['sim', 'candles', '--out', candles, '--bars', '3000', '--seed', '5'], 30_000);
  assert.is(made.code, 0, made.stderr);
  const config = cryptoConfig((y) => y.replace(/^  retrainOnDrift: false$/m, '  retrainOnDrift: true').replace(/^  retrainEpochs: 3$/m, '  retrainEpochs: 1'));
  const env = { ...process.env, TRADEBOT_MODELS_DIR: models, TRADEBOT_SESSIONS_DIR: path.join(dir, 'sessions') };
  // 3,000 one-minute bars at 800x last about half a minute: still running when the retrain ends.
  const cli = new CliChild(['run', 'crypto', '--config', config, '--replay', candles, '--symbols', 'BTC/USDT', '--speed', '800',
    '--duration', '40s', '--metrics-port', '0', '--data-dir', '', '--drift-alarm-after', '1s'], { env });
  try {
    await cli.waitFor('stderr', /drift alarm on the deep model \(1 so far\): retraining sim-btc-lstm-retrain in the background on 1 file/, 'the retrain to start', 20_000);
    await cli.waitFor('stderr', /retrain done in [\d.]+ s: sim-btc-lstm-retrain v1 registered, not promoted/, 'the retrain to finish', 60_000);
    assert.not.ok(cli.hasExited, 'the session kept running');
    cli.signal('SIGTERM');
    const exit = await cli.exit(20_000);
    assert.is(exit.code, 0, cli.transcript);
  } finally {
    cli.kill();
  }
  assert.is(readRegistry(models).promoted, 'sim-btc-lstm');
  const { card } = loadRegisteredCard(models, 'sim-btc-lstm-retrain');
  assert.is(card.window, 32);
  assert.is(card.horizon.ms, 300_000);
  assert.equal(card.data.map((d) => d.path), [candles]);
});

test.run();
