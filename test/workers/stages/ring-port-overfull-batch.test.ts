// A batch that yields more records than its output ring holds (execution's events for a backlog
// of intents after a fast replay) must not wait for good on slots its own unpublished claims
// fill: the port publishes what it has claimed, the reader frees slots, and every record
// arrives once, in order, and is counted (producer in a real worker, reader here). And a stage
// can keep a group of records together by making room before it (makeRoom).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../../src/pipeline/config.js';
import { Topology } from '../../../src/pipeline/topology.js';
import { Header } from '../../../src/shm/records.js';
import { runWorker } from '../../shm/worker-harness.js';
import { LayerRuntime } from '../../../src/workers/layer-runtime.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { Counter } from '../../../src/pipeline/telemetry.js';

const PRODUCER = new URL('./fixtures/overfull-batch-producer.js', import.meta.url);

test('a batch of three ringfuls goes out whole and in order', async () => {
  const config = applyOverrides(loadConfig(defaultConfigPath('crypto')), { metricsPort: 0, ringCapacity: 64 });
  const topo = Topology.create(config);
  const ring = topo.rings.order_events;
  const records = 3 * ring.capacity + 5;
  const run = runWorker<{ recordsOut: number }>(PRODUCER, { layer: 'L4', config, wiring: topo.wiring, restarts: 0, records }, {
    deadlineMs: 10_000, what: 'a batch larger than its ring to go out',
  });
  try {
    let read = 0;
    const deadline = Date.now() + 10_000;
    while (read < records) {
      const n = ring.available();
      for (let i = 0; i < n; i++) assert.is(ring.f64[ring.readIndex(i) + Header.origin], read + i + 1, 'in order, none twice');
      ring.release(n);
      read += n;
      if (n === 0) {
        assert.ok(Date.now() < deadline, `the producer stopped after ${read} of ${records} records`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    const { recordsOut } = await run.done;
    assert.is(recordsOut, records, 'records published early are counted too');
    assert.is(ring.available(), 0);
  } finally {
    await run.stop();
  }
});

test('makeRoom publishes the batch so far only when the next group would not fit', () => {
  const config = applyOverrides(loadConfig(defaultConfigPath('crypto')), { metricsPort: 0, ringCapacity: 64 });
  const topo = Topology.create(config);
  const rt = new LayerRuntime({ layer: 'L4', config, wiring: topo.wiring, restarts: 0 });
  try {
    const ring = rt.ring('order_events');
    const port = new RingPort(rt, ring, rt.telemetry);
    for (let i = 0; i < 40; i++) port.claim();
    port.makeRoom(16);
    assert.is(ring.pendingClaims(), 40, 'room for 16 more: nothing published yet');
    for (let i = 0; i < 10; i++) port.claim();
    port.makeRoom(16);
    assert.is(ring.pendingClaims(), 0, 'only 14 free: the 50 claimed went out first');
    assert.is(topo.rings.order_events.size(), 50);
    assert.is(rt.telemetry.counters.get(Counter.records_out), 50);
  } finally {
    rt.finish();
  }
});

test.run();
