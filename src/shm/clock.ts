/**
 * Clocks for records and latency measurement.
 *
 * `monoNs()` is `performance.now()` in nanoseconds: monotonic, ~50 ns, and comparable across
 * worker threads because workers share the main thread's `timeOrigin`. A float64 of nanoseconds
 * since process start stays exact for 104 days of uptime.
 *
 * Every clock in Node 20 allocates: `performance.now()` and `Date.now()` return their double boxed
 * in a 16-byte HeapNumber (155 scavenges per 10M reads with a 1 MB semi-space), and
 * `process.hrtime.bigint()` a BigInt. So the per-record code never reads the clock: a worker shell
 * reads it once per batch and hands the value down, and the allocation tests cover the code
 * between those reads.
 *
 * `epochUs()` is wall-clock microseconds since the Unix epoch, the unit of every record's `ts`.
 */

export function monoNs(): number {
  return performance.now() * 1e6;
}

export function epochUs(): number {
  return (performance.timeOrigin + performance.now()) * 1e3;
}
