// L0 sends each due mark once. When the marks ring is full, the ingest stage publishes what it has
// and waits for room; that publish moves due marks itself, and when risk (another thread) makes
// room in the meantime, the mark goes out there. It must not then go a second time: a duplicate
// mark is one more zero return in risk's volatility estimate, and one more mark in the summary,
// so two replays of the same file could differ.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IngestStage } from '../../../src/workers/stages/ingest-stage.js';
import { BookTop } from '../../../src/shm/records.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../../../src/data/synthetic-market.js';
import { applyOverrides, defaultConfigPath, loadConfig, type PipelineConfig } from '../../../src/pipeline/config.js';
import { stageRuntime } from '../../support/stage-runtime.js';

const T0 = 1_700_000_000_000_000;
const CAPACITY = 64;

function smallRings(): PipelineConfig {
  const base = applyOverrides(loadConfig(defaultConfigPath('crypto')), { metricsPort: 0 });
  return { ...base, source: { ...base.source, kind: 'replay' }, pipeline: { ...base.pipeline, ringCapacity: CAPACITY } };
}

/** A quote a second after the one before: each one's mark is due. */
function quote(i: number): Float64Array {
  const e = new Float64Array(MARKET_EVENT_F64);
  e[MarketEvent.kind] = EventKind.Quote;
  e[MarketEvent.symbol] = 0;
  e[MarketEvent.ts] = T0 + i * 1e6;
  e[MarketEvent.bid] = 100 + i * 0.01;
  e[MarketEvent.ask] = 100.02 + i * 0.01;
  e[MarketEvent.bidSize] = 1;
  e[MarketEvent.askSize] = 1;
  return e;
}

test('a due mark goes out once when risk makes room on a full marks ring during the publish', () => {
  const { topo, rt } = stageRuntime('L0', smallRings());
  try {
    const stage = new IngestStage(rt, rt.ring('features'), new Int32Array(1), 'wait', false);
    const marks = topo.rings.marks;
    // Execution and alpha take everything at once; risk takes no mark until the ring is full.
    const drainOthers = (): void => {
      for (const ring of [topo.rings.features, topo.rings.market]) ring.release(ring.available());
    };
    for (let i = 0; i < CAPACITY; i++) {
      stage.ingest(quote(i), 0);
      stage.publish();
      drainOthers();
    }
    assert.is(marks.size(), CAPACITY, 'the marks ring is full');
    // Risk takes two marks just as L0 publishes (params are read at the start of every publish).
    const refresh = rt.refreshParams.bind(rt);
    let room = 2;
    rt.refreshParams = () => {
      if (room > 0) {
        assert.is(marks.size(), CAPACITY);
        marks.release(room);
        room = 0;
      }
      return refresh();
    };
    stage.ingest(quote(CAPACITY), 0);
    stage.publish();
    assert.is(room, 0, 'the publish ran');
    const n = marks.size();
    assert.is(n, CAPACITY - 1, 'one mark more, not two');
    const last = marks.f64[marks.readIndex(n - 1) + BookTop.ts];
    const before = marks.f64[marks.readIndex(n - 2) + BookTop.ts];
    assert.is(last, T0 + CAPACITY * 1e6);
    assert.ok(before < last, 'the mark before it is an earlier one');
  } finally {
    rt.finish();
  }
});

test.run();
