// Every stage of the graph that reads a ring can be built by its role, and builds in one thread
// on a stage runtime; a role nobody registered is refused by name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STAGE_GRAPH } from '../../../src/pipeline/stage-graph.js';
import { STAGE_FACTORIES, createStage } from '../../../src/workers/stages/stage-factories.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { stageRuntime } from '../../support/stage-runtime.js';

test('each non-source stage of the graph has a factory, and no factory lacks a stage', () => {
  const roles = STAGE_GRAPH.filter((s) => s.input !== null).map((s) => s.role);
  assert.equal(Object.keys(STAGE_FACTORIES).sort(), [...roles].sort());
});

for (const spec of STAGE_GRAPH.filter((s) => s.input !== null)) {
  test(`${spec.role} builds on its layer's runtime, with its side inputs processable`, () => {
    const { rt } = stageRuntime(spec.layer);
    try {
      const out = spec.output === null ? null : new RingPort(rt, rt.ring(spec.output.ring), rt.telemetry);
      const stage = createStage(spec.role, rt, out);
      assert.type(stage.process, 'function');
      if ((spec.sideInputs ?? []).length > 0) assert.type(stage.processSide, 'function');
    } finally {
      rt.finish();
    }
  });
}

test('an unknown role, or a stage that needs an output without one, is refused by name', () => {
  const { rt } = stageRuntime('L1');
  try {
    assert.throws(() => createStage('ingest', rt, null), /no stage factory for role ingest/);
    assert.throws(() => createStage('alpha', rt, null), /stage alpha needs an output/);
  } finally {
    rt.finish();
  }
});

test.run();
