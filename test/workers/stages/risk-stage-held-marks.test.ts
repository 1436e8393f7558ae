// In a replay, L5 holds a mark until execution has applied the market up to it (its watermark),
// so fills and marks meet the book in event order. When the order events stop, nothing can come
// before the held marks any more: shutdown takes them, so the book ends valued at the last
// market and the drain leaves no record on the marks ring.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RiskStage } from '../../../src/workers/stages/risk-stage.js';
import { BookTop, Header, RecordKind } from '../../../src/shm/records.js';
import { applyOverrides, defaultConfigPath, loadConfig, type PipelineConfig } from '../../../src/pipeline/config.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { fillRecord, FILL_TS_US as T0 } from './fill-fixture.js';

function replayConfig(): PipelineConfig {
  const base = applyOverrides(loadConfig(defaultConfigPath('crypto')), { metricsPort: 0 });
  return { ...base, source: { ...base.source, kind: 'replay' } };
}

test('a mark held past the last order event is taken at shutdown, and the marks ring ends empty', () => {
  const { topo, rt } = stageRuntime('L5', replayConfig());
  try {
    const stage = new RiskStage(rt);
    stage.beginBatch();
    stage.process(fillRecord(2, 100, 1), 0);
    stage.endBatch();
    // L0's mark of event 7, which execution has not reported applying.
    const marks = topo.rings.marks;
    assert.is(marks.tryClaim(1), 1);
    const at = marks.claimIndex(0);
    marks.f64[at + BookTop.kind] = RecordKind.BookTop;
    marks.f64[at + BookTop.ts] = T0 + 1e6;
    marks.f64[at + Header.origin] = 7;
    marks.f64[at + BookTop.bidPrice] = 109;
    marks.f64[at + BookTop.askPrice] = 111;
    marks.publish();
    assert.is(stage.processSide(0, marks.f64, marks.readIndex(0)), false, 'held: execution has not caught up');
    assert.is(stage.portfolio.positionUsd(0), 200, 'still valued at the fill');
    stage.shutdown();
    assert.is(stage.portfolio.positionUsd(0), 220, 'valued at the held mark');
    assert.is(marks.size(), 0, 'nothing left on the marks ring');
  } finally {
    rt.finish();
  }
});

test.run();
