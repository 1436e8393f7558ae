// Child processes a test starts never outlive it. `killTree` kills a child (and, when it was
// spawned detached, its whole process group); every child passed to `track` is also killed when
// the test process exits, so a test that failed before its own `finally` ran, or that was stopped
// by a deadline, leaves no tradebot session or helper running behind it.
import type { ChildProcess } from 'node:child_process';

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
