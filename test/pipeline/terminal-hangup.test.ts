// A session on a real terminal (a pseudo-terminal from test/support/pty-run.py): closing the
// terminal is a hangup, not a reload. The session drains and exits 0 whether the hangup arrives
// as SIGHUP (the process leads the terminal's session) or only as a failed write (a shell in
// between ignores the hangup). `kill -HUP` while the terminal is alive still reloads the config.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from './cli-session.js';
import { PtySession } from '../support/pty-session.js';
import { tempDir } from '../support/temp-dir.js';

const node = process.execPath;
/** A directory for the session's files, removed when the test process exits. */
const scratch = (): string => tempDir('tradebot-tty-');
const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

async function waitForFile(file: string, pattern: RegExp, what: string, timeoutMs = 10_000): Promise<string> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (pattern.test(text)) return text;
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}; ${file}:\n${text}`);
    await sleep(50);
  }
}

test('closing the terminal drains and exits 0 (SIGHUP with the terminal gone)', async () => {
  const dir = scratch();
  const log = path.join(dir, 'stderr.log');
  // stdin and stdout stay on the terminal; stderr goes to a file so the test can read the log.
  const s = new PtySession(['sh', '-c', `exec ${sh(node)} ${sh(CLI)} run crypto --metrics-port 0 2>${sh(log)}`]);
  try {
    await waitForFile(log, /metrics off/, 'the banner');
    await waitForFile(log, /market data connected/, 'the session to start trading');
    s.hangUp();
    const r = await s.finished;
    const stderr = readFileSync(log, 'utf8');
    assert.is(r.code, 0, `exit code ${r.code} signal ${r.signal}; stderr:\n${stderr}`);
    assert.match(stderr, /stopping \(terminal hung up\): draining rings/);
    assert.not.match(stderr, /config reload/, 'a hangup is not a reload');
    assert.not.match(stderr, /Assertion failed|Error/);
  } finally {
    s.kill();
  }
});

test('a terminal closed under a shell that ignores the hangup: the failed write stops the session', async () => {
  const dir = scratch();
  const status = path.join(dir, 'status');
  // The shell leads the session and ignores SIGHUP, so tradebot gets no signal: only its next
  // write to the dead terminal (the status line, every second) fails with EIO.
  const s = new PtySession(['sh', '-c', `trap '' HUP; ${sh(node)} ${sh(CLI)} run crypto --metrics-port 0; echo "exit=$?" > ${sh(status)}`]);
  try {
    await s.waitFor(/orders \d/, 'the status line');
    s.hangUp();
    const text = await waitForFile(status, /exit=\d+/, 'the exit status', 15_000);
    assert.is(text.trim(), 'exit=0', text);
  } finally {
    s.kill();
  }
});

test('kill -HUP with the terminal alive reloads; Ctrl-C then prints the summary on the terminal', async () => {
  const s = new PtySession([node, CLI, 'run', 'crypto', '--metrics-port', '0']);
  try {
    await s.waitFor(/kill -HUP \d+ reloads/, 'the banner');
    const pid = await s.pid();
    assert.match(s.screen, new RegExp(`pid ${pid}`), 'the banner names the pid to signal');
    await s.waitFor(/orders \d/, 'the status line');
    s.signal('sighup');
    await s.waitFor(/config reloaded from .*: no changes/, 'the reload line');
    s.signal('sigint');
    const r = await s.finished;
    assert.is(r.code, 0, r.screen);
    assert.match(r.screen, /stopping \(SIGINT\)/);
    assert.match(r.screen, /account +equity \$[\d,.]+ .*fees paid \$/);
  } finally {
    s.kill();
  }
});

test.run();
