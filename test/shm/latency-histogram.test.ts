import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withDeadline } from '../support/deadline.js';
import { Worker } from 'node:worker_threads';
import { LatencyHistogram, BUCKET_COUNT } from '../../src/shm/latency-histogram.js';
import { countGcs } from '../../src/shm/allocation-check.js';

// Seeded so failures are reproducible.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function logNormal(n: number, seed: number, mu = Math.log(20000), sigma = 1.5): Float64Array {
  const rnd = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - rnd(); // (0, 1]: log(0) would be -Infinity
    const u2 = rnd();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = Math.exp(mu + sigma * r * Math.cos(2 * Math.PI * u2));
    if (i + 1 < n) out[i + 1] = Math.exp(mu + sigma * r * Math.sin(2 * Math.PI * u2));
  }
  return out;
}

/** Nearest-rank quantile of an ascending array (same definition as the histogram). */
function exactQuantile(sorted: Float64Array, q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

const N = 1_000_000;
const values = logNormal(N, 0xc0ffee);
const QS = [0, 0.5, 0.9, 0.99, 0.999, 1];

function relErr(got: number, want: number): number {
  return want === 0 ? Math.abs(got) : Math.abs(got - want) / want;
}

function assertSameBuckets(a: LatencyHistogram, b: LatencyHistogram): void {
  for (let i = 0; i < a.bucketCount; i++) {
    if (a.bucketValue(i) !== b.bucketValue(i)) {
      assert.unreachable(`bucket ${i}: ${a.bucketValue(i)} !== ${b.bucketValue(i)}`);
    }
  }
  assert.is(a.count(), b.count());
  assert.is(a.sum(), b.sum());
  assert.is(a.min(), b.min());
  assert.is(a.max(), b.max());
  assert.is(a.invalid(), b.invalid());
  assert.is(a.overflow(), b.overflow());
}

test('quantiles within 1% on 1M seeded log-normal values', () => {
  const h = new LatencyHistogram();
  for (let i = 0; i < N; i++) h.record(values[i]);
  assert.is(h.count(), N);
  assert.is(h.invalid(), 0);
  assert.is(h.overflow(), 0);

  // The histogram stores truncated ns, so the exact reference is the truncated data.
  const truncated = values.map(Math.floor).sort();
  const raw = values.slice().sort();
  for (const q of QS) {
    const got = h.valueAtQuantile(q);
    const want = exactQuantile(truncated, q);
    assert.ok(relErr(got, want) <= 0.01, `q=${q}: got ${got}, exact ${want}, err ${relErr(got, want)}`);
    // Bucket bound proper is 1/256 of the bucket's lower edge.
    assert.ok(relErr(got, want) <= 1 / 256 + 1e-12, `q=${q}: err ${relErr(got, want)} above 1/256`);
    if (q > 0) {
      // Against untruncated floats too (p0 is ~13 ns, where truncation alone is > 1%).
      const w = exactQuantile(raw, q);
      assert.ok(relErr(got, w) <= 0.01, `q=${q}: got ${got}, raw exact ${w}`);
    }
  }
  assert.is(h.valueAtQuantile(0), truncated[0]);
  assert.is(h.valueAtQuantile(1), truncated[N - 1]);
  assert.is(h.min(), truncated[0]);
  assert.is(h.max(), truncated[N - 1]);
  let sum = 0;
  for (let i = 0; i < N; i++) sum += truncated[i];
  assert.ok(relErr(h.mean(), sum / N) < 1e-12);
});

test('merge of two halves equals histogram of all values, bucket for bucket', () => {
  const all = new LatencyHistogram();
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  for (let i = 0; i < N; i++) {
    all.record(values[i]);
    (i < N / 2 ? a : b).record(values[i]);
  }
  for (const h of [all, b]) {
    h.record(NaN);
    h.record(1e12);
  }
  const merged = new LatencyHistogram();
  merged.mergeFrom(new LatencyHistogram()); // empty into empty: min/max must stay unset
  merged.mergeFrom(a); // into an empty histogram: min must come from `a`, not the zeroed slot
  merged.mergeFrom(b);
  merged.mergeFrom(new LatencyHistogram()); // empty source must not clobber min (slot is 0)
  assertSameBuckets(merged, all);
  for (const q of [...QS, 0.25, 0.75, 0.9999]) {
    assert.is(merged.valueAtQuantile(q), all.valueAtQuantile(q), `q=${q}`);
  }

  const snap = new LatencyHistogram();
  snap.copyFrom(all);
  assertSameBuckets(snap, all);
  snap.reset();
  assert.is(snap.count(), 0);
  assert.is(snap.valueAtQuantile(0.5), 0);
  assert.is(all.count(), N + 1); // NaN is invalid, 1e12 counts (as overflow)
});

test('count semantics: invalid excluded, overflow included', () => {
  const h = new LatencyHistogram();
  h.record(5);
  h.record(NaN);
  h.record(-1);
  h.record(-0.5);
  h.record(Infinity);
  h.record(1e12);
  assert.is(h.count(), 2);
  assert.is(h.invalid(), 4);
  assert.is(h.overflow(), 1);
  assert.is(h.bucketValue(BUCKET_COUNT - 1), 1);
  assert.is(h.bucketIndexOf(1e12), BUCKET_COUNT - 1);
  assert.is(h.max(), 1e12);
  assert.is(h.min(), 5);
  assert.is(h.bucketIndexOf(NaN), -1);
});

test('values 0..127 (and 128..255) are exact', () => {
  const h = new LatencyHistogram();
  for (let v = 0; v < 256; v++) {
    assert.is(h.bucketIndexOf(v), v);
    assert.is(h.bucketIndexOf(v + 0.999), v);
    assert.is(h.bucketLowerBound(v), v);
    assert.is(h.bucketUpperBound(v), v + 1);
  }
  for (let v = 0; v < 128; v++) {
    h.reset();
    h.record(v + 0.7);
    assert.is(h.valueAtQuantile(0.5), v);
    assert.is(h.min(), v);
  }
  // Bucket midpoint (not clamping) must be exact too.
  h.reset();
  h.record(0);
  h.record(37);
  h.record(37);
  h.record(100);
  assert.is(h.valueAtQuantile(0.5), 37);
  assert.is(h.valueAtQuantile(0), 0);
  assert.is(h.valueAtQuantile(1), 100);
});

test('bucket index monotone, bounds contiguous, width <= 1/128 over the whole range', () => {
  const h = new LatencyHistogram();
  assert.is(h.bucketCount, BUCKET_COUNT);
  assert.is(h.bucketCount, 128 * 30);
  assert.is(h.bucketLowerBound(0), 0);
  assert.is(h.bucketUpperBound(h.bucketCount - 1), 2 ** 36);
  for (let i = 0; i < h.bucketCount; i++) {
    const lo = h.bucketLowerBound(i);
    const hi = h.bucketUpperBound(i);
    assert.ok(hi > lo);
    if (i + 1 < h.bucketCount) assert.is(hi, h.bucketLowerBound(i + 1), `gap after bucket ${i}`);
    if (i >= 128) assert.ok((hi - lo) / lo <= 1 / 128, `bucket ${i} too wide`);
    assert.is(h.bucketIndexOf(lo), i, `lower bound of ${i}`);
    assert.is(h.bucketIndexOf(hi - 1), i, `upper bound - 1 of ${i}`);
    assert.is(h.bucketIndexOf(hi - 0.5), i, `fraction below upper of ${i}`);
  }
  // Monotone over a dense-ish sweep crossing every power of two, incl. the 2^32 seam.
  const seams: number[] = [];
  for (let k = 0; k <= 37; k++) for (const d of [-2, -1, -0.5, 0, 0.5, 1, 2]) seams.push(Math.max(0, 2 ** k + d));
  seams.sort((x, y) => x - y);
  let prev = -1;
  for (const v of seams) {
    const idx = h.bucketIndexOf(v);
    assert.ok(idx >= prev, `non-monotone at ${v}`);
    if (v < 2 ** 36) assert.ok(h.bucketLowerBound(idx) <= v && v < h.bucketUpperBound(idx), `${v} outside bucket ${idx}`);
    prev = idx;
  }
  const rnd = mulberry32(7);
  const xs = new Float64Array(200_000);
  for (let i = 0; i < xs.length; i++) xs[i] = Math.floor(2 ** (rnd() * 36.5));
  xs.sort();
  prev = -1;
  for (let i = 0; i < xs.length; i++) {
    const idx = h.bucketIndexOf(xs[i]);
    assert.ok(idx >= prev, `non-monotone at ${xs[i]}`);
    prev = idx;
  }
});

test('60 s recorded without overflow; 1e12 ns overflows', () => {
  const h = new LatencyHistogram();
  h.record(60e9);
  assert.is(h.overflow(), 0);
  assert.ok(h.bucketIndexOf(60e9) < h.bucketCount - 1);
  h.record(60e9 + 1);
  assert.ok(relErr(h.valueAtQuantile(0.5), 60e9) <= 1 / 256);
  h.record(2 ** 36 - 1);
  assert.is(h.overflow(), 0);
  h.record(2 ** 36);
  assert.is(h.overflow(), 1);
  h.record(1e12);
  assert.is(h.overflow(), 2);
  assert.is(h.count(), 5);
});

test('recordMany(v, n) equals n x record(v)', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  a.recordMany(12345.6, 10);
  a.recordMany(-1, 3);
  a.recordMany(99, 0);
  for (let i = 0; i < 10; i++) b.record(12345.6);
  for (let i = 0; i < 3; i++) b.record(-1);
  assertSameBuckets(a, b);
});

test('recordBetween allocates nothing (zero GCs over 5M calls, all paths, once and many times)', () => {
  const h = new LatencyHistogram();
  // Mix of exact, log-linear, >2^32, overflow, fractional and invalid intervals.
  const later = new Float64Array([3, 127.9, 20_000.5, 5e6, 6e9, 60e9, 1e12, NaN, -1, 0]);
  const earlier = new Float64Array(8);
  for (let i = 0; i < 8; i++) earlier[i] = -i;
  const r = countGcs((i) => h.recordBetween(later, i % 10, earlier, i & 7), 5_000_000, 2_000_000);
  assert.is(r.gcCount, 0, `GCs during recordBetween(): ${JSON.stringify(r.byType)}`);
  const m = countGcs((i) => h.recordBetween(later, i % 10, earlier, i & 7, 3), 2_000_000);
  assert.is(m.gcCount, 0, `GCs during recordBetween(.., 3): ${JSON.stringify(m.byType)}`);
  assert.ok(h.invalid() > 0 && h.overflow() > 0 && h.count() > 0, 'every path ran');
});

test('recordBetween records the same as record of the difference', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  const later = new Float64Array([1_000.75, 5e9, NaN, 2]);
  const earlier = new Float64Array([0.5, 1, 0, 3]);
  for (let i = 0; i < 4; i++) {
    a.recordBetween(later, i, earlier, i, 2);
    b.recordMany(later[i] - earlier[i], 2);
  }
  for (const q of [0, 0.5, 0.99, 1]) assert.is(a.valueAtQuantile(q), b.valueAtQuantile(q));
  assert.equal([a.count(), a.sum(), a.min(), a.max(), a.invalid()], [b.count(), b.sum(), b.min(), b.max(), b.invalid()]);
});

test('valueAtQuantile rejects q outside [0, 1] and returns 0 when empty', () => {
  const h = new LatencyHistogram();
  assert.is(h.valueAtQuantile(0.99), 0);
  assert.is(h.mean(), 0);
  assert.is(h.min(), 0);
  assert.is(h.max(), 0);
  assert.throws(() => h.valueAtQuantile(1.01), /1\.01.*\[0, 1\]/);
  assert.throws(() => h.valueAtQuantile(-0.1), /-0\.1/);
  assert.throws(() => h.valueAtQuantile(NaN), /NaN/);
});

test('constructor validates SAB size and offset alignment with numbers', () => {
  const B = LatencyHistogram.BYTES;
  assert.is(LatencyHistogram.bytesFor(), B);
  assert.is(B, (8 + 3840) * 8);
  assert.throws(() => new LatencyHistogram(new SharedArrayBuffer(100)), (e: Error) =>
    /too small/.test(e.message) && e.message.includes('100') && e.message.includes(String(B)),
  );
  assert.throws(() => new LatencyHistogram(new SharedArrayBuffer(B + 8), 4), (e: Error) =>
    /byteOffset 4/.test(e.message) && /multiple of 8/.test(e.message),
  );
  assert.throws(() => new LatencyHistogram(new SharedArrayBuffer(B + 8), 16), (e: Error) =>
    /too small/.test(e.message) && e.message.includes(String(B + 8)) && e.message.includes('16'),
  );
  const sab = new SharedArrayBuffer(B * 2 + 8);
  const h = new LatencyHistogram(sab, B + 8);
  assert.is(h.sab, sab);
  assert.is(h.byteOffset, B + 8);
  h.record(42);
  assert.is(new LatencyHistogram(sab, B + 8).count(), 1);
  assert.is(new LatencyHistogram(sab, 0).count(), 0);
});

// The worker is CommonJS eval code; it pulls in the compiled ESM module by file URL.
const WORKER_SRC = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { LatencyHistogram } = await import(workerData.moduleUrl);
  const { sab, bytes } = workerData;
  const seen = new LatencyHistogram(sab, 0);
  const report = () => ({
    count: seen.count(), min: seen.min(), max: seen.max(), sum: seen.sum(),
    p50: seen.valueAtQuantile(0.5), p99: seen.valueAtQuantile(0.99),
    b1000: seen.bucketValue(seen.bucketIndexOf(1000)),
  });
  parentPort.on('message', (m) => {
    if (m === 'read') parentPort.postMessage(report());
    if (m === 'write') {
      // This worker is the single writer of the second histogram in the same SAB.
      const mine = new LatencyHistogram(sab, bytes);
      for (let i = 1; i <= 1000; i++) mine.record(i * 1000);
      parentPort.postMessage('written');
    }
  });
  parentPort.postMessage('ready');
})().catch((e) => { throw e; });
`;

function nextMessage(w: Worker): Promise<unknown> {
  return withDeadline(new Promise((resolve, reject) => {
    const onErr = (e: Error) => reject(e);
    w.once('error', onErr);
    w.once('message', (m) => {
      w.off('error', onErr);
      resolve(m);
    });
  }), 10_000, 'the histogram worker to answer');
}

test('a reader in a real Worker sees counts written by the main thread', async () => {
  const B = LatencyHistogram.BYTES;
  const sab = new SharedArrayBuffer(2 * B);
  const h = new LatencyHistogram(sab, 0);
  const moduleUrl = new URL('../../src/shm/latency-histogram.js', import.meta.url).href;
  const w = new Worker(WORKER_SRC, { eval: true, workerData: { sab, bytes: B, moduleUrl } });
  try {
    assert.is(await nextMessage(w), 'ready');

    let r = (await (w.postMessage('read'), nextMessage(w))) as Record<string, number>;
    assert.is(r.count, 0);
    assert.is(r.p50, 0);

    // Written after the worker attached: proves it is shared memory, not a copy.
    for (let i = 0; i < 100; i++) h.record(1000);
    h.record(5_000_000);
    r = (await (w.postMessage('read'), nextMessage(w))) as Record<string, number>;
    assert.equal(r, {
      count: 101,
      min: 1000,
      max: 5_000_000,
      sum: 100 * 1000 + 5_000_000,
      p50: h.valueAtQuantile(0.5),
      p99: h.valueAtQuantile(0.99),
      b1000: 100,
    });
    assert.ok(relErr(r.p50, 1000) <= 1 / 256);

    assert.is(await (w.postMessage('write'), nextMessage(w)), 'written');
    const fromWorker = new LatencyHistogram(sab, B);
    assert.is(fromWorker.count(), 1000);
    assert.is(fromWorker.min(), 1000);
    assert.is(fromWorker.max(), 1_000_000);
    assert.ok(relErr(fromWorker.valueAtQuantile(0.5), 500_000) <= 1 / 256);
    assert.is(h.count(), 101, 'worker must not have written into the main histogram');
  } finally {
    await w.terminate();
  }
});

test.run();
