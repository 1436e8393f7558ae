// A `tradebot` child process a test talks to while it runs: wait for what it prints, signal it,
// and always kill it at the end. Every wait has its own deadline and clears its timer when it is
// done, so a passing test leaves nothing behind that keeps the test runner alive.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import net from 'node:net';
import type { Readable } from 'node:stream';
import { CLI } from '../pipeline/cli-session.js';
import { withDeadline } from './deadline.js';
import { killTree, track } from './children.js';

export { withDeadline } from './deadline.js';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A TCP port on `host` that nobody listens on right now, from `low`..`high`. Probing first
 * keeps a port another process happens to hold from failing a test that is about something else.
 */
export async function freePort(host = '127.0.0.1', low = 20000, high = 40000): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, host, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port on ${host} in ${low}..${high}`);
}

export class CliChild {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  stdout = '';
  stderr = '';
  /** Settles when the process has exited; never rejects. */
  readonly exited: Promise<ChildExit>;
  /** Settles when the process has exited and its stdout and stderr are closed. */
  private readonly closed: Promise<void>;
  private exitInfo: ChildExit | null = null;

  constructor(args: string[], options: { env?: NodeJS.ProcessEnv; collectStdout?: boolean } = {}) {
    this.child = track(spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    }));
    if (options.collectStdout !== false) this.child.stdout.on('data', (d) => { this.stdout += d; });
    this.child.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
    this.closed = new Promise((resolve) => { this.child.on('close', () => resolve()); });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  /** What the process printed so far, for assertion messages. */
  get transcript(): string {
    return `exit ${JSON.stringify(this.exitInfo)}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`;
  }

  /**
   * Waits until `pattern` matches what the process printed on `stream`. Fails at once if the
   * process exits first, rather than waiting out the deadline.
   */
  async waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, what: string, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const match = this[stream].match(pattern);
      if (match) return match;
      if (this.hasExited) {
        // Output can still be in flight when `exit` fires: one more look before giving up.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const late = this[stream].match(pattern);
        if (late) return late;
        throw new Error(`the process exited before ${what}\n${this.transcript}`);
      }
      if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.transcript}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The exit, within `timeoutMs` (else it is killed); the output is complete once this resolves. */
  async exit(timeoutMs = 20_000): Promise<ChildExit> {
    const info = await withDeadline(this.exited, timeoutMs, () => `the process to exit\n${this.transcript}`, () => this.kill());
    // `exit` can fire before the pipes are drained; `close` means both are.
    await withDeadline(this.closed, 5000, 'stdout and stderr to close').catch(() => {});
    return info;
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** For `finally`: whatever happened, the process does not outlive the test. */
  kill(): void {
    if (!this.hasExited) killTree(this.child);
  }
}
