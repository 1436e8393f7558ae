// Every catalogued sizer sizes a strong edge (500 bps: more than any rule's costs on the
// fixture's 2% spread) once it has seen the market move (the kelly sizer takes no risk before its
// covariance has an estimate) and refuses a NaN signal, counting into the shared refusal
// vocabulary; `risk.sizer` accepts exactly the catalogue's names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SIZERS, SIZER_NAMES } from '../../src/sizing/sizer-catalogue.js';
import { SizerReject, SIZER_REJECT_REASONS } from '../../src/sizing/fixed-fraction.js';
import { SizedIntent } from '../../src/shm/records.js';
import { validateConfig } from '../../src/pipeline/config-schema.js';
import { blended, params } from './fixture.js';

for (const spec of SIZERS) {
  test(`${spec.name}: sizes a strong edge, refuses a NaN one`, () => {
    assert.match(spec.name, /^[a-z][a-z0-9_]*$/);
    const rejects = new Float64Array(SIZER_REJECT_REASONS.length);
    const sizer = spec.create(2, { rejects });
    const out = new Float64Array(SizedIntent.f64);
    for (let k = 0; k < 20; k++) {
      sizer.observe(blended({ ts: 1_000_000 * (k + 1), bid: 99 + (k % 2) * 0.01, ask: 101 + (k % 2) * 0.01 }), 0, params());
    }
    assert.ok(sizer.size(blended({ edgeBps: 500, confidence: 1 }), 0, params(), new Float64Array(2), out, 0));
    assert.ok(out[SizedIntent.notionalUsd] > 0);
    assert.not.ok(sizer.size(blended({ edgeBps: NaN }), 0, params(), new Float64Array(2), out, 0));
    assert.is(rejects[SizerReject.BadSignal], 1, 'counted into the shared refusal block');
  });
}

test('risk.sizer: the catalogue names, nothing else', () => {
  assert.is(new Set(SIZER_NAMES).size, SIZER_NAMES.length);
  for (const name of SIZER_NAMES) assert.equal(validateConfig({ assetClass: 'crypto', risk: { sizer: name } }).problems, []);
  const { problems } = validateConfig({ assetClass: 'crypto', risk: { sizer: 'kelly_magic' } });
  assert.ok(problems.some((p) => p.startsWith('risk.sizer must be one of') && p.includes('"kelly_magic"')), problems.join('\n'));
});

test.run();
