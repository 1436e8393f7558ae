// `tradebot train` refuses a learning rate that cannot train (0, negative, above 1, no number) and
// a seed that is no whole number, as usage errors naming the flag (exit 2) before any data is read
// or any model is registered: a rate of 0 or below used to train "successfully" and register the
// result, and a non-number surfaced later as a diverged loss or a PRNG error (exit 1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../pipeline/cli-session.js';
import { tempDir } from '../support/temp-dir.js';

test('train --learning-rate 0 | -0.01 | 2 | abc and --seed abc | 1.5: exit 2 naming the flag, nothing registered', async () => {
  const dir = tempDir('tradebot-train-flags-');
  // The data file does not exist: the flags are refused before it would be read.
  const base = ['train', '--model', 'lstm', '--data', path.join(dir, 'bars.csv'), '--out', path.join(dir, 'models', 'm')];
  for (const [flag, value] of [['--learning-rate', '0'], ['--learning-rate=-0.01', ''], ['--learning-rate', '2'], ['--learning-rate', 'abc'], ['--seed', 'abc'], ['--seed', '1.5']]) {
    const r = await runCli([...base, ...(value === '' ? [flag] : [flag, value])], 20_000);
    const name = flag.split('=')[0];
    assert.is(r.code, 2, `${flag} ${value}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^tradebot: ${name} must be `, 'm'));
  }
  assert.not.ok(existsSync(path.join(dir, 'models')), 'no model was registered');
});

test.run();
