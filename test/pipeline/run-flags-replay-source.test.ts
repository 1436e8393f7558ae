// --replay with a --source other than replay is refused, naming both, instead of running that
// source and ignoring the files; --source replay (or none) with --replay is still taken.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { overridesFromFlags } from '../../src/pipeline/run-flags.js';
import { UsageError } from '../../src/pipeline/exit-codes.js';

test('--source sim --replay FILE: a usage error naming --source sim', () => {
  for (const source of ['sim', 'synthetic', 'live']) {
    assert.throws(() => overridesFromFlags({ source, replay: ['btc.rec'] }),
      (err: Error) => err instanceof UsageError && err.message.includes(`--replay reads files, which --source ${source} would ignore`));
  }
});

test('--replay alone or with --source replay: the replay source', () => {
  assert.is(overridesFromFlags({ replay: ['btc.rec'] }).overrides.sourceKind, 'replay');
  assert.is(overridesFromFlags({ source: 'replay', replay: ['btc.rec'] }).overrides.sourceKind, 'replay');
});

test.run();
