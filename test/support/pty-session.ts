// A command run on a real pseudo-terminal (test/support/pty-run.py, Python's pty module), so tests
// see what a user at a terminal sees: a TTY on stdin/stdout/stderr, and a real hangup from the
// kernel when the terminal is closed. The helper reports the command's exit code or signal.
// Every session has a deadline: the whole process group is killed if it outlives it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { track } from './children.js';

const PTY_RUN = fileURLToPath(new URL('../../../test/support/pty-run.py', import.meta.url));

export interface PtyOutcome {
  /** Exit code, or null if killed by a signal (then `signal` says which), or 'timeout'. */
  code: number | null | 'timeout';
  signal: number | null;
  /** What the command wrote to the terminal (stdout and stderr, as a terminal shows them). */
  screen: string;
}

export class PtySession {
  screen = '';
  private helperErr = '';
  private readonly child;
  readonly finished: Promise<PtyOutcome>;

  constructor(argv: string[], timeoutMs = 20_000) {
    this.child = track(spawn('python3', [PTY_RUN, ...argv], { stdio: ['pipe', 'pipe', 'pipe'], detached: true }), true);
    this.child.stdout.on('data', (d) => { this.screen += d; });
    this.child.stderr.on('data', (d) => { this.helperErr += d; });
    const exited = new Promise<void>((resolve) => this.child.on('exit', () => resolve()));
    // The deadline is cancelled when the helper exits, so no timer outlives the session.
    const deadline = new AbortController();
    this.finished = Promise.race([
      exited.then(() => { deadline.abort(); return this.outcome(); }),
      sleep(timeoutMs, undefined, { signal: deadline.signal })
        .then(() => { this.kill(); return { code: 'timeout' as const, signal: null, screen: this.screen }; }, () => ({ code: 'timeout' as const, signal: null, screen: this.screen })),
    ]);
  }

  /** The command's pid, once the helper has forked it. */
  async pid(): Promise<number> {
    for (let i = 0; i < 200; i++) {
      const m = /PTY-RUN started pid=(\d+)/.exec(this.helperErr);
      if (m) return Number(m[1]);
      await sleep(25);
    }
    throw new Error(`pty helper did not start the command: ${this.helperErr}`);
  }

  async waitFor(pattern: RegExp, what: string, timeoutMs = 10_000): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (!pattern.test(this.screen)) {
      if (performance.now() > until) throw new Error(`timed out waiting for ${what}; screen:\n${this.screen}`);
      await sleep(25);
    }
  }

  /** Close the terminal, as closing its window or killing the tmux session does. */
  hangUp(): void {
    this.child.stdin.end();
  }

  /** Ask the helper to send a signal to the command (sighup | sigint | sigterm). */
  signal(name: 'sighup' | 'sigint' | 'sigterm'): void {
    this.child.stdin.write(`${name}\n`);
  }

  /** Kill the helper and the command (which leads a session of its own, so the group kill misses it). */
  kill(): void {
    const m = /PTY-RUN started pid=(\d+)/.exec(this.helperErr);
    if (m) try { process.kill(Number(m[1]), 'SIGKILL'); } catch { /* already gone */ }
    try { process.kill(-this.child.pid!, 'SIGKILL'); } catch { /* already gone */ }
  }

  private outcome(): PtyOutcome {
    const exit = /PTY-RUN pid=\d+ exit=(\d+)/.exec(this.helperErr);
    const signal = /PTY-RUN pid=\d+ signal=(\d+)/.exec(this.helperErr);
    return { code: exit ? Number(exit[1]) : null, signal: signal ? Number(signal[1]) : null, screen: this.screen };
  }
}
