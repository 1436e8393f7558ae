/**
 * How fast the machine runs right now: a fixed pure-JavaScript loop, timed.
 *
 * Why: the 2-core VM this project is measured on alternates, for seconds to minutes at a time,
 * between the host giving it full speed and about 60% of it. Every benchmark moves with it: in
 * one `bench onnx` run the shipped LSTM's p50 was 31-34 us per round of 1,000 while this probe
 * read 0.78-0.98 ns an iteration, and 49.5-59.8 us while it read 1.28-1.35 ns. A figure recorded
 * with the probe beside it says which machine it was measured on; comparing figures across runs
 * without it compares the host's moods.
 */

const SLOTS = 4096;
const PASSES = 500;
const scratch = new Float64Array(SLOTS);
/** Where the loop's sum goes, so the compiler cannot drop the loop. */
const sink = new Float64Array(1);

let warmed = false;

/** Nanoseconds per iteration of the probe loop (a few tens of ms of work). Lower is faster. */
export function speedProbeNs(): number {
  // The loop is compiled (and recompiled) over its first calls in a process; those calls would
  // measure the JIT, not the machine, so they are made once and discarded.
  if (!warmed) {
    for (let i = 0; i < 4; i++) timeLoop();
    warmed = true;
  }
  let best = Infinity;
  for (let round = 0; round < 3; round++) best = Math.min(best, timeLoop());
  return Math.round(best * 100) / 100;
}

function timeLoop(): number {
  const start = performance.now();
  let sum = 0;
  for (let p = 0; p < PASSES; p++) {
    for (let i = 0; i < SLOTS; i++) {
      scratch[i] = scratch[i] * 0.5 + i;
      sum += scratch[i];
    }
  }
  sink[0] = sum;
  return ((performance.now() - start) * 1e6) / (PASSES * SLOTS);
}
