/**
 * A small seeded PRNG for simulation: xoshiro128** (Blackman & Vigna), seeded through splitmix32.
 *
 * Why not Math.random: it cannot be seeded, so a synthetic market would not be reproducible, and
 * backtests and tests need the same event stream for the same seed on every machine.
 * Why xoshiro128**: 32-bit arithmetic only (Math.imul and shifts stay in int32 registers), a
 * period of 2^128 - 1 and good statistical quality, where mulberry32's 2^32 period is short for
 * streams of hundreds of millions of draws.
 *
 * Allocation-free: the state lives in an Int32Array, and the spare Box-Muller normal (the
 * transform yields two per pair of uniforms) is kept in a Float64Array slot, not in a property
 * that would box a double.
 */

const TWO_POW_M32 = 1 / 4294967296;

export class Prng {
  private readonly s = new Int32Array(4);
  /** [0] = the cached second Box-Muller normal. */
  private readonly spare = new Float64Array(1);
  /** [0] = 1 when `spare` holds an unused value. */
  private readonly hasSpare = new Int32Array(1);

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
    // The all-zero state is the one fixed point of xoshiro; splitmix never yields four zeros in a
    // row in practice, but guard anyway.
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

  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number {
    return (this.nextInt32() >>> 0) * TWO_POW_M32;
  }

  /** Uniform in (0, 1): never 0, so log() and negative powers are always finite. */
  uniformOpen(): number {
    return ((this.nextInt32() >>> 0) + 0.5) * TWO_POW_M32;
  }

  /** Standard normal, Box-Muller (polar-free form: two uniforms give two normals, one is cached). */
  normal(): number {
    if (this.hasSpare[0] === 1) {
      this.hasSpare[0] = 0;
      return this.spare[0];
    }
    const r = Math.sqrt(-2 * Math.log(this.uniformOpen()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare[0] = r * Math.sin(theta);
    this.hasSpare[0] = 1;
    return r * Math.cos(theta);
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(this.uniformOpen());
  }

  /** Pareto (type I) with scale 1 and tail index `alpha`: P(X > x) = x^-alpha for x >= 1. */
  pareto(alpha: number): number {
    return Math.pow(this.uniformOpen(), -1 / alpha);
  }
}
