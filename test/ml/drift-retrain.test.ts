// A drift alarm retrains the promoted model in the background: a rise in the alarm count starts
// one piscina run of the same architecture, window and horizon, registered as NAME-retrain and
// not promoted; alarms during it are counted, not queued; no promoted model or no data is said
// plainly and starts nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DriftRetrainer } from '../../src/ml/drift-retrain.js';
import { runTrain } from '../../src/ml/train-command.js';
import { promoteModel } from '../../src/ml/models-command.js';
import { loadRegisteredCard, readRegistry } from '../../src/models/model-registry.js';
import { tempDir } from '../support/temp-dir.js';
import { candlesCsv, randomWalkCandles } from './random-walk-candles.js';

test('an alarm starts one retrain; alarms during it are skipped; the result is registered, not promoted', async () => {
  const dir = tempDir('tradebot-drift-');
  const csv = path.join(dir, 'walk.csv');
  const series = randomWalkCandles(600, 9);
  writeFileSync(csv, candlesCsv(series));
  const modelsDir = path.join(dir, 'models');
  await runTrain({ model: 'lstm', data: [csv], out: path.join(modelsDir, 'walk'), horizon: '5m', epochs: 1, window: 8, batchSize: 32 });
  await promoteModel(modelsDir, 'walk');
  const lines: string[] = [];
  const retrainer = new DriftRetrainer({ modelsDir, dataFiles: [csv], epochs: 1, log: (l) => lines.push(l) });
  try {
    assert.not.ok(retrainer.onAlarms(0), 'no alarm yet');
    assert.ok(retrainer.onAlarms(1));
    assert.not.ok(retrainer.onAlarms(3), 'a retrain is running');
    assert.is(retrainer.skipped, 2);
    await retrainer.idle();
    assert.is(retrainer.registered, 1, lines.join('\n'));
    const registry = readRegistry(modelsDir);
    assert.is(registry.promoted, 'walk', 'the retrain is not promoted');
    const { card } = loadRegisteredCard(modelsDir, 'walk-retrain');
    assert.is(card.architecture.kind, 'lstm');
    assert.is(card.window, 8);
    assert.is(card.horizon.bars, 5);
    assert.ok(card.onnx.verification.maxAbsError <= 1e-5);
    assert.match(card.notes.join(' '), /retrained after a drift alarm on walk v1/);
    assert.match(lines.join('\n'), /walk-retrain v1 registered, not promoted/);
    assert.not.ok(retrainer.onAlarms(3), 'no new alarm since the last look');
    assert.ok(retrainer.onAlarms(4), 'a new alarm after it ended starts another');
    await retrainer.idle();
    assert.is(loadRegisteredCard(modelsDir, 'walk-retrain').card.version, 2);
  } finally {
    await retrainer.close();
  }
});

test('no promoted model, or no data: said, nothing started', async () => {
  const dir = tempDir('tradebot-drift-none-');
  const lines: string[] = [];
  const retrainer = new DriftRetrainer({ modelsDir: path.join(dir, 'models'), dataFiles: [], epochs: 1, log: (l) => lines.push(l) });
  assert.not.ok(retrainer.onAlarms(1));
  assert.match(lines[0], /no model is promoted: nothing to retrain/);
  await retrainer.close();
});

test.run();
