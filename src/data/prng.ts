/**
 * A small seeded PRNG for simulation: xoshiro128** (Blackman & Vigna), seeded through splitmix32.
 *
 * Why not Math.random: it cannot be seeded, so a synthetic market would not be reproducible, and
 * backtests and tests need the same event stream for the same seed on every machine.
 * Why xoshiro128**: 32-bit arithmetic only (Math.imul and shifts stay in int32 registers), a
 * period of 2^128 - 1 and good statistical quality, where mulberry32's 2^32 period is short for
 * streams of hundreds of millions of draws.
 *
 * Allocation: state lives in typed arrays, never in properties that would box a double. But note
 * that a method returning a double (or an int32 outside the small-integer range) boxes its result
 * into a fresh HeapNumber whenever V8 does not inline the call, which depends on the caller's size.
 * So per-event code should not call `uniform()`/`normal()`; it reads pre-drawn values from a
 * `DrawBlock` instead (below), whose refills are void calls over whole arrays.
 */

const TWO_POW_M32 = 1 / 4294967296;

export class Prng {
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Prng: seed must be a finite number, got ${seed}`);
    // Fold both halves of a (possibly > 32-bit) integer seed into splitmix32's state.
    let x = (Math.floor(seed) >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x85ebca6b);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      this.s[i] = z ^ (z >>> 15);
    }
    // The all-zero state is the one fixed point of xoshiro; guard although splitmix won't give it.
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Next 32 random bits as a signed int32. */
  nextInt32(): number {
    const s = this.s;
    const s0 = s[0], s1 = s[1];
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    let s2 = s[2] ^ s0;
    let s3 = s[3] ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    s[2] = s2;
    s[3] = s3;
    return result;
  }

  /** Uniform in (0, 1): never 0 or 1, so log() and negative powers are always finite. */
  uniform(): number {
    return ((this.nextInt32() >>> 0) + 0.5) * TWO_POW_M32;
  }

  /** Fill out[from..to) with uniforms in (0, 1). */
  fillUniform(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i++) out[i] = ((this.nextInt32() >>> 0) + 0.5) * TWO_POW_M32;
  }

  /** Fill out[from..to) with standard normals (Box-Muller, two per pair of uniforms). */
  fillNormal(out: Float64Array, from: number, to: number): void {
    for (let i = from; i < to; i += 2) {
      const r = Math.sqrt(-2 * Math.log(((this.nextInt32() >>> 0) + 0.5) * TWO_POW_M32));
      const theta = 2 * Math.PI * (this.nextInt32() >>> 0) * TWO_POW_M32;
      out[i] = r * Math.cos(theta);
      if (i + 1 < to) out[i + 1] = r * Math.sin(theta);
    }
  }
}

/**
 * Pre-drawn uniforms `u` (in (0, 1)) and standard normals `z`, with read cursors `at[0]` (next
 * uniform) and `at[1]` (next normal). Hot code calls `reserve(nu, nz)` before a step that needs up
 * to nu uniforms and nz normals, then reads `u[at[0]++]` / `z[at[1]++]` inline: no call that
 * returns a double, so nothing to box. A refill redraws the whole block (leftovers are dropped,
 * deterministically).
 */
export class DrawBlock {
  readonly u: Float64Array;
  readonly z: Float64Array;
  readonly at = new Int32Array(2);
  readonly size: number;

  constructor(private readonly rng: Prng, size = 1024) {
    this.size = size;
    this.u = new Float64Array(size);
    this.z = new Float64Array(size);
    this.at[0] = size;
    this.at[1] = size;
  }

  reserve(nu: number, nz: number): void {
    if (this.at[0] + nu > this.size) {
      this.rng.fillUniform(this.u, 0, this.size);
      this.at[0] = 0;
    }
    if (this.at[1] + nz > this.size) {
      this.rng.fillNormal(this.z, 0, this.size);
      this.at[1] = 0;
    }
  }
}
