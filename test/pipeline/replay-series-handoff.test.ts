// A candle replay reads each file once: the run command's checks parse it, and the orchestrator
// hands those bars to L0 (on every start of L0) instead of L0 reading the file again. Shown with
// bars that differ from the file's: the session replays the bars it was handed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withDeadline } from '../support/deadline.js';
import { sharedFile } from '../support/shared-data.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { Orchestrator } from '../../src/pipeline/orchestrator.js';
import { summarize } from '../../src/pipeline/session-report.js';
import { readCandleFile } from '../../src/data/replay/candle-file.js';
import { cutSeries } from '../../src/backtest/backtest-command.js';
import { EVENTS_PER_BAR } from '../../src/data/replay/candle-events.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';

test('L0 replays the bars it is handed, not the file named in the config', async () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const config = applyOverrides(loadConfig(defaultConfigPath('crypto')), {
    sourceKind: 'replay', replayFiles: [file], symbols: ['BTC/USDT'], topology: 'single', metricsPort: 0, dataDir: '', durationMs: 0,
  });
  const whole = readCandleFile(file);
  const first500 = cutSeries(whole, { fromUs: whole.openTimeUs[0], toUs: whole.openTimeUs[500] });
  assert.is(first500.count, 500);
  const orchestrator = new Orchestrator(config, { replaySeries: [first500] });
  const startedAt = performance.now();
  const finished = orchestrator.start();
  await withDeadline(finished, 60_000, 'the replay to end', () => orchestrator.abandonDrain('test deadline'));
  const s = summarize(orchestrator, config, startedAt, 0, null);
  assert.is(s.bars, 500, `the file has ${whole.count} bars`);
  assert.is(s.ticks, 500 * EVENTS_PER_BAR);
});

test.run();
