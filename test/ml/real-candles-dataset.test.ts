// Windows from real candles (freqtrade's Binance XRP/ETH 1-minute bars and two 5-minute alt/BTC
// files, read from ../shared/data): every feature finite after warm-up, the horizon converted
// to bars, windows grouped by file in time order, and a one-epoch Transformer on XRP/ETH 5m
// exported and verified by onnxruntime.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { FEATURE_COUNT } from '../../src/ml/candle-features.js';
import { horizonBars, loadCandleData, runTrain } from '../../src/ml/train-command.js';
import { buildWindowDataset } from '../../src/ml/window-dataset.js';
import { sharedFile } from '../support/shared-data.js';
import { tempDir } from '../support/temp-dir.js';

test('XRP/ETH 1m: finite features, 5m = 5 bars, three non-empty splits in time order', () => {
  const file = sharedFile('crypto/candles/freqtrade/XRP_ETH-1m.json');
  if (file === null) return;
  const data = loadCandleData([file]);
  assert.is(horizonBars('5m', data.intervalUs), 5);
  assert.throws(() => horizonBars('90s', data.intervalUs), /not a whole number/);
  const f = data.features[0];
  assert.ok(f.rows > 3400, `${f.rows} rows`);
  assert.ok(f.values.every(Number.isFinite));
  const ds = buildWindowDataset([f], 32, 5);
  const { train, validation, test: held } = ds.splits;
  assert.ok(train.count > 2000 && validation.count > 400 && held.count > 400);
  assert.ok(train.endTimeUs[train.count - 1] < validation.endTimeUs[0] && validation.endTimeUs[validation.count - 1] < held.endTimeUs[0]);
  assert.ok(ds.normalisation.featureStd.every((s) => s > 0) && ds.normalisation.targetStd > 0);
});

test('two 5m files: windows grouped per file, never across', () => {
  const files = ['crypto/candles/freqtrade/ADA_BTC-5m.json', 'crypto/candles/freqtrade/DASH_BTC-5m.json'].map(sharedFile);
  if (files.some((f) => f === null)) return;
  const data = loadCandleData(files as string[]);
  const ds = buildWindowDataset(data.features, 16, 1);
  const t = ds.splits.test;
  assert.is(t.fileStart.length, 2);
  const second = t.fileStart[1];
  assert.ok(second > 0 && second < t.count);
  for (let i = 1; i < t.count; i++) if (i !== second) assert.ok(t.endTimeUs[i] > t.endTimeUs[i - 1], `time order within a file at ${i}`);
  assert.is(t.x.length, t.count * 16 * FEATURE_COUNT);
});

test('XRP/ETH 5m: a one-epoch Transformer trains and its export verifies in onnxruntime', async () => {
  const file = sharedFile('crypto/candles/freqtrade/XRP_ETH-5m.json');
  if (file === null) return;
  const out = path.join(tempDir('tradebot-real-'), 'models', 'xrp');
  const card = await runTrain({ model: 'transformer', data: [file], out, horizon: '5m', epochs: 1, window: 8, batchSize: 64 });
  assert.ok(card.onnx.verification.maxAbsError <= 1e-5);
  assert.is(card.data[0].format, 'freqtrade-json');
  assert.is(card.data[0].from, '2019-10-11T00:00:00.000Z');
});

test.run();
