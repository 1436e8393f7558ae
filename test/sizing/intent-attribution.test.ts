// An intent carries the attribution of the decision behind it: sizing packs the blend's per-model
// terms into the intent (writeSizedIntent), and the shares read back by model name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SIZING_WORK_SLOTS, SizingWork, writeSizedIntent } from '../../src/sizing/sizing-rules.js';
import { unpackAttribution } from '../../src/ensemble/model-attribution.js';
import { ALPHA_MODEL_NAMES } from '../../src/alpha/alpha-catalogue.js';
import { BlendedEdge, RecordKind, SizedIntent } from '../../src/shm/records.js';

test('the intent names the models behind it with their shares', () => {
  const blended = new Float64Array(BlendedEdge.f64);
  blended[BlendedEdge.kind] = RecordKind.BlendedEdge;
  blended[BlendedEdge.edgeBps] = 12;
  blended[BlendedEdge.confidence] = 0.6;
  blended[BlendedEdge.bid] = 100;
  blended[BlendedEdge.ask] = 100.02;
  blended[BlendedEdge.modelTerms + 1] = 6;
  blended[BlendedEdge.modelTerms + 4] = 2;
  const work = new Float64Array(SIZING_WORK_SLOTS);
  work[SizingWork.position] = 0;
  work[SizingWork.target] = 500;
  const intent = new Float64Array(SizedIntent.f64).fill(7);
  writeSizedIntent(blended, 0, intent, 0, work, 0);
  const shares = unpackAttribution(intent[SizedIntent.attribution], intent[SizedIntent.attributionMore], ALPHA_MODEL_NAMES);
  assert.equal(shares, { [ALPHA_MODEL_NAMES[1]]: 3071 / 4095, [ALPHA_MODEL_NAMES[4]]: 1024 / 4095 });
});

test('no model spoke: no attribution', () => {
  const blended = new Float64Array(BlendedEdge.f64);
  blended[BlendedEdge.bid] = 100;
  blended[BlendedEdge.ask] = 100.02;
  const work = new Float64Array(SIZING_WORK_SLOTS);
  work[SizingWork.target] = -500;
  const intent = new Float64Array(SizedIntent.f64).fill(7);
  writeSizedIntent(blended, 0, intent, 0, work, 0);
  assert.equal(unpackAttribution(intent[SizedIntent.attribution], intent[SizedIntent.attributionMore], ALPHA_MODEL_NAMES), {});
});

test.run();
