// The client order id index against a Map under random opens and closes (ids consecutive, random
// and fractional), through many compactions; and no allocation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClientOrderIndex } from '../../src/execution/client-order-index.js';
import { countGcs } from '../../src/shm/allocation-check.js';

test('agrees with a Map through 200k random operations', () => {
  const index = new ClientOrderIndex(64);
  const ref = new Map<number, number>();
  let seed = 3;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let next = 1;
  for (let op = 0; op < 200_000; op++) {
    const r = rand();
    if (ref.size < 64 && r < 0.5) {
      const id = r < 0.2 ? next++ : r < 0.4 ? Math.floor(rand() * 1e12) : rand() * 1e6;
      if (ref.has(id)) continue;
      index.set(id, op % 1000);
      ref.set(id, op % 1000);
    } else if (ref.size > 0) {
      const keys = [...ref.keys()];
      const id = keys[Math.floor(rand() * keys.length)];
      assert.ok(index.delete(id));
      ref.delete(id);
      assert.is(index.get(id), -1);
    }
    if (op % 997 === 0) for (const [k, v] of ref) assert.is(index.get(k), v, `id ${k}`);
  }
  assert.not.ok(index.delete(-5));
});

test('set, get and delete allocate nothing', () => {
  const index = new ClientOrderIndex(1024);
  const report = countGcs((i) => { index.set(i, i & 1023); index.get(i); index.delete(i); }, 500_000);
  assert.is(report.gcCount, 0);
});

test.run();
