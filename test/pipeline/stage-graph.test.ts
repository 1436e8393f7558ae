// The stage graph is the one description of the pipeline's shape: its rings follow from the
// stages' inputs and outputs, and every placement runs each stage exactly once, in graph order,
// in groups of consecutive stages.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  PLACEMENTS, RING_SPECS, STAGE_GRAPH, doorbellOf, groupOwner, inputsOf, placementGroups, threadInputs, type StageSpec,
} from '../../src/pipeline/stage-graph.js';
import { RING_ENDS, RING_LAYOUTS, RING_NAMES } from '../../src/pipeline/topology.js';
import { LAYERS, LAYER_REFUSALS, LayerTelemetry } from '../../src/pipeline/telemetry.js';
import { OrderEvent } from '../../src/shm/records.js';

test('rings are derived from the stages: one per output, read by the stage whose input it is', () => {
  assert.equal([...RING_NAMES], ['features', 'marks', 'market', 'edges', 'blended', 'intents', 'order_events']);
  for (const ring of RING_SPECS) {
    const writes = (s: StageSpec) => s.output?.ring === ring.name || (s.sideOutputs ?? []).some((o) => o.ring === ring.name);
    assert.is(STAGE_GRAPH.find(writes)!.layer, ring.producer);
    assert.is(STAGE_GRAPH.find((s) => inputsOf(s).includes(ring.name))!.layer, ring.consumer);
    assert.equal(RING_ENDS[ring.name], { producer: ring.producer, consumer: ring.consumer });
  }
  assert.is(RING_LAYOUTS.order_events, OrderEvent);
  assert.equal(STAGE_GRAPH.map((s) => s.layer), [...LAYERS]);
});

for (const kind of PLACEMENTS) {
  test(`${kind}: every stage exactly once, in order, in consecutive groups`, () => {
    const groups = placementGroups(kind);
    assert.equal(groups.flat(), [...LAYERS]);
    for (const g of groups) {
      const at = g.map((l) => LAYERS.indexOf(l));
      assert.ok(at.every((v, i) => i === 0 || v === at[i - 1] + 1), `${g.join(',')} is consecutive`);
    }
    const owners = groups.map(groupOwner);
    assert.is(new Set(owners).size, owners.length, 'one thread per owner');
  });
}

test('owners: the source thread answers as L0, a fused L1-L4 thread as L4', () => {
  assert.equal(placementGroups('fused').map(groupOwner), ['L0', 'L4', 'L5']);
  assert.equal(placementGroups('single').map(groupOwner), ['L0']);
  assert.equal(placementGroups('layered').map(groupOwner), [...LAYERS]);
});

test('a thread reads the rings written in other threads: its main input first, then side inputs', () => {
  assert.equal(placementGroups('layered').map((g) => threadInputs('layered', g)),
    [[], ['features'], ['edges'], ['blended'], ['intents', 'market'], ['order_events', 'marks']]);
  assert.equal(placementGroups('fused').map((g) => threadInputs('fused', g)), [[], ['features', 'market'], ['order_events', 'marks']]);
  assert.equal(threadInputs('single', placementGroups('single')[0]), [], 'one thread reads what it writes itself');
});

test('only the rings of a thread that reads several ring its doorbell (the owner layer\'s)', () => {
  for (const kind of ['layered', 'fused'] as const) {
    assert.is(doorbellOf(kind, 'marks'), LAYERS.indexOf('L5'), `${kind} marks`);
    assert.is(doorbellOf(kind, 'order_events'), LAYERS.indexOf('L5'), `${kind} order_events`);
    assert.is(doorbellOf(kind, 'market'), LAYERS.indexOf('L4'), `${kind} market`);
    assert.is(doorbellOf(kind, 'intents'), LAYERS.indexOf('L4'), `${kind} intents`);
    assert.is(doorbellOf(kind, 'features'), kind === 'fused' ? LAYERS.indexOf('L4') : -1, `${kind} features`);
  }
  for (const ring of RING_NAMES) assert.is(doorbellOf('single', ring), -1, `single ${ring}`);
  assert.throws(() => doorbellOf('layered', 'nope'), /no ring nope/);
});

test('each stage declares its refusal reasons and feed counters; telemetry sizes its blocks from them', () => {
  for (const stage of STAGE_GRAPH) {
    assert.equal(LAYER_REFUSALS[stage.layer], stage.refusals, stage.layer);
    const t = LayerTelemetry.create(stage.layer);
    assert.is(t.refusals.names.length, stage.refusals.length, `${stage.layer} refusal block`);
    assert.is(t.feed.names.length, stage.feedCounters?.length ?? 0, `${stage.layer} feed block`);
  }
  assert.ok(LAYER_REFUSALS.L3.includes('stale_symbol') && LAYER_REFUSALS.L4[0] === 'halted');
});

test.run();
