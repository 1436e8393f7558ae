// Deadlines for the tests that wait on something outside their own call stack (worker threads,
// child processes, sockets). uvu has no per-test timeout: a wait without a deadline that never
// ends hangs the whole suite instead of failing one test. Every timer here is cleared once the
// wait is over, so a passing test leaves nothing behind that keeps the runner alive.

/**
 * Resolves with `promise`, or rejects naming `what` once `ms` have passed. `onTimeout` runs before
 * the rejection (terminate the worker, kill the process) so what timed out cannot outlive the test
 * even when the caller has no `finally` of its own.
 */
export async function withDeadline<T>(
  promise: Promise<T>, ms: number, what: string | (() => string), onTimeout?: () => unknown,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const message = `timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`;
      Promise.resolve()
        .then(() => onTimeout?.())
        .catch(() => {})
        .then(() => reject(new Error(message)));
    }, ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `condition` every `pollMs` until it holds; rejects naming `what` after `ms`. For waiting
 * on a state that has no event of its own (a counter in shared memory, a line in a log file).
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>, ms: number, what: string | (() => string), pollMs = 10,
): Promise<void> {
  const until = performance.now() + ms;
  for (;;) {
    if (await condition()) return;
    if (performance.now() >= until) {
      throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** `fetch` that gives up after `ms` (an endpoint that accepts and never answers fails the test). */
export function fetchWithin(url: string, ms = 5000, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(ms) }).catch((err: Error) => {
    throw new Error(`GET ${url} failed within ${ms} ms: ${err.name === 'TimeoutError' ? 'timed out' : err.message}`);
  });
}
