// Child processes a test starts never outlive it. `killTree` kills a child (and, when it was
// spawned detached, its whole process group); every child passed to `track` is also killed when
// the test process exits, so a test that failed before its own `finally` ran, or that was stopped
// by a deadline, leaves no tradebot session or helper running behind it.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';

const live = new Map<ChildProcess, boolean>();
let hooked = false;

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGKILL the child, or its process group when it leads one (spawned with `detached: true`). */
export function killTree(child: ChildProcess, group = live.get(child) ?? false): void {
  if (child.pid === undefined) return;
  if (group) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* the group is gone */ }
  }
  if (alive(child)) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}

/** Register `child` to be killed at process exit if it is still running then. */
export function track<T extends ChildProcess>(child: T, group = false): T {
  if (!hooked) {
    process.once('exit', () => { for (const [c, g] of live) killTree(c, g); });
    hooked = true;
  }
  live.set(child, group);
  child.once('exit', () => { if (!group) live.delete(child); });
  return child;
}

/**
 * Whether process `pid` has installed a handler for `signal` (Linux: the SigCgt mask in
 * /proc/<pid>/status); null where that cannot be read. A signal sent before the handler exists
 * takes its default action, however early the program installs it: a test about signals during
 * startup waits for this rather than guessing how long the runtime takes to boot.
 */
export function catchesSignal(pid: number, signal: NodeJS.Signals): boolean | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status);
  if (!mask) return null;
  const bit = BigInt(osConstants.signals[signal] - 1);
  return ((BigInt(`0x${mask[1]}`) >> bit) & 1n) === 1n;
}
