/**
 * Running sessions, as `models promote` needs to find them: each session writes a small file
 * (`<tmpdir>/tradebot-sessions/<pid>.json`: its pid and the models directory it serves from) while
 * it runs, and removes it when it ends. Promoting a model then sends SIGHUP to every live session
 * serving from that directory, which reloads its config and hot-swaps the promoted model (see
 * src/alpha/models/deep-onnx.ts), so a promotion takes effect without a restart.
 *
 * A session killed with SIGKILL leaves its file behind, and its pid may since belong to another
 * process, which a SIGHUP could end. So a pid is signalled only while `/proc/<pid>/cmdline` shows
 * a tradebot session (`cli.js run` or `tradebot run`); without /proc nothing is signalled and the
 * operator is told to send SIGHUP. Stale files are removed.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where session files live; TRADEBOT_SESSIONS_DIR moves it (tests). */
export function sessionsDir(): string {
  return process.env.TRADEBOT_SESSIONS_DIR ?? path.join(tmpdir(), 'tradebot-sessions');
}

/** Register this process as a running session; returns the function that unregisters it. */
export function registerSession(modelsDir: string): () => void {
  const dir = sessionsDir();
  const file = path.join(dir, `${process.pid}.json`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify({ pid: process.pid, modelsDir: path.resolve(modelsDir) }));
  } catch {
    return () => {}; // a read-only temp dir: promote will not find this session, nothing else breaks
  }
  return () => rmSync(file, { force: true });
}

export interface SignalledSessions {
  readonly signalled: number[];
  /** Live processes listed that could not be confirmed as sessions (no /proc): not signalled. */
  readonly unconfirmed: number[];
}

/** SIGHUP every running session that serves models from `modelsDir`. */
export function signalSessions(modelsDir: string): SignalledSessions {
  const dir = sessionsDir();
  const wanted = path.resolve(modelsDir);
  const signalled: number[] = [];
  const unconfirmed: number[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^\d+\.json$/.test(f));
  } catch {
    return { signalled, unconfirmed };
  }
  for (const f of files) {
    const file = path.join(dir, f);
    let entry: { pid: number; modelsDir: string };
    try {
      entry = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; modelsDir: string };
    } catch {
      continue;
    }
    const verdict = sessionProcess(entry.pid);
    if (verdict === 'gone') { rmSync(file, { force: true }); continue; }
    if (entry.modelsDir !== wanted) continue;
    if (verdict === 'unknown') { unconfirmed.push(entry.pid); continue; }
    try {
      process.kill(entry.pid, 'SIGHUP');
      signalled.push(entry.pid);
    } catch {
      rmSync(file, { force: true });
    }
  }
  return { signalled, unconfirmed };
}

/** Whether `pid` is a running tradebot session, another process (or none: 'gone'), or cannot be told. */
function sessionProcess(pid: number): 'session' | 'gone' | 'unknown' {
  if (!Number.isInteger(pid) || pid <= 0) return 'gone';
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      process.kill(pid, 0);
      return 'unknown';
    } catch {
      return 'gone';
    }
  }
  return /(cli\.js|tradebot) run\b/.test(cmdline) ? 'session' : 'gone';
}
