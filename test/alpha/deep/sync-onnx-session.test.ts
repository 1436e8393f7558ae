// The synchronous session on the shipped model: `runRows` (the input tensor made once per row
// count over the caller's buffer) gives exactly what `run` gives on a fresh tensor, after the
// buffer is rewritten, for one row and for several, and follows a new buffer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SyncOnnxSession } from '../../../src/alpha/deep/sync-onnx-session.js';

const MODEL = fileURLToPath(new URL('../../../../models/sim-btc-lstm/model.onnx', import.meta.url));
const card = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../models/sim-btc-lstm/card.json', import.meta.url)), 'utf8')) as { window: number };
const FEATURES = 8;

test('runRows reads the buffer as it is at each run, as run does', () => {
  const session = new SyncOnnxSession(readFileSync(MODEL), 'window', 'quantiles');
  try {
    const row = [card.window, FEATURES];
    const size = card.window * FEATURES;
    const buffer = new Float32Array(4 * size);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < buffer.length; i++) buffer[i] = Math.sin(i * 0.37 + round) * 0.5;
      for (const rows of [1, 3]) {
        const reused = Array.from(session.runRows(buffer, rows, row).data);
        const fresh = Array.from(session.run(buffer.slice(0, rows * size), [rows, ...row]).data);
        assert.equal(reused, fresh, `round ${round}, ${rows} rows`);
        assert.is(reused.length, 3 * rows);
      }
    }
    const other = new Float32Array(size).fill(0.1);
    assert.equal(Array.from(session.runRows(other, 1, row).data), Array.from(session.run(other, [1, ...row]).data), 'a new buffer is followed');
  } finally {
    session.release();
  }
});

test.run();
