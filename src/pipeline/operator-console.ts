/**
 * The process's stdout and stderr as the operator meets them: a terminal, a pipe, a file or
 * nothing at all once a terminal has been closed.
 *
 * - Writes never throw and never crash the process. A write that fails with EIO (the terminal
 *   hung up) or EPIPE (the reader of a pipe went away) marks that stream gone, later writes to it
 *   are dropped, and `output-lost` is emitted once so the session can drain and exit. Unhandled,
 *   that error used to end the process mid-session with worker threads still running, which is
 *   how closing a terminal produced a SIGSEGV instead of a summary.
 * - A hangup is told apart from `kill -HUP`: the kernel swaps out a terminal's file operations
 *   before it sends SIGHUP, so a descriptor that was a TTY at start and no longer is one means the
 *   terminal is gone. A process that never had a terminal (a service, a container, nohup) treats
 *   SIGHUP as the conventional "reload your config".
 * - The one-line status on a TTY is erased before each log line, so logs never end up glued to it.
 * - A dead terminal is swapped for /dev/null before the process exits. On exit Node restores the
 *   terminal modes of every stdio descriptor that was a TTY at start, and asserts (aborting the
 *   process, exit 134) when that fails with anything but EPERM; a hung-up TTY fails with EIO. Node
 *   skips a descriptor that now refers to another file, which is what the swap arranges.
 */

import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import tty from 'node:tty';

type StreamName = 'stdout' | 'stderr';

/** Write errors that mean the reader is gone: a hung-up terminal (EIO) or a closed pipe (EPIPE). */
const READER_GONE = new Set(['EIO', 'EPIPE', 'ECONNRESET']);

export interface OperatorConsoleEvents {
  /**
   * Nobody is reading any more: a write failed (EIO: the terminal hung up; EPIPE: the pipe's
   * reader left) and that stream is dropped, or the terminal was found closed. Emitted once.
   */
  'output-lost': [what: StreamName | 'terminal', why: string];
}

export class OperatorConsole extends EventEmitter<OperatorConsoleEvents> {
  /** fds 0, 1, 2: a terminal when the process started? */
  private readonly ttyAtStart: readonly boolean[];
  /** Descriptors already swapped for /dev/null; once any is, the terminal counts as gone for good. */
  private readonly released = new Set<number>();
  private readonly gone: Record<StreamName, boolean> = { stdout: false, stderr: false };
  private statusShown = false;
  private lostEmitted = false;
  private watchTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly streams: Record<StreamName, NodeJS.WriteStream> = { stdout: process.stdout, stderr: process.stderr },
    private readonly isTty: (fd: number) => boolean = tty.isatty,
  ) {
    super();
    this.ttyAtStart = [0, 1, 2].map((fd) => this.isTty(fd));
    for (const name of ['stdout', 'stderr'] as const) {
      streams[name].on('error', (err: NodeJS.ErrnoException) => this.lose(name, err.code ?? err.message));
    }
    if (this.startedOnTerminal) process.once('exit', () => this.releaseDeadTerminal());
  }

  /**
   * Point every stdio descriptor whose terminal has hung up at /dev/null (see the header for why).
   * Idempotent; does nothing while the terminal is alive.
   */
  releaseDeadTerminal(): void {
    for (let fd = 0; fd <= 2; fd++) {
      if (!this.ttyAtStart[fd] || this.released.has(fd) || this.isTty(fd)) continue;
      this.released.add(fd);
      try {
        closeSync(fd);
        // The lowest free descriptor is the one just closed: /dev/null takes its number.
        const reopened = openSync('/dev/null', fd === 0 ? 'r' : 'w');
        if (reopened !== fd) closeSync(reopened);
      } catch {
        // Already closed or swapped: Node skips a closed descriptor too.
      }
    }
  }

  /** True when the process started with a terminal on stdin, stdout or stderr. */
  get startedOnTerminal(): boolean {
    return this.ttyAtStart.some(Boolean);
  }

  /** True when a terminal the process started on has been closed (hung up). */
  terminalGone(): boolean {
    if (this.released.size > 0) return true;
    const gone = this.ttyAtStart.some((wasTty, fd) => wasTty && !this.isTty(fd));
    if (gone) this.releaseDeadTerminal();
    return gone;
  }

  /** stderr is a live terminal: worth a status line and colours. */
  get stderrIsTerminal(): boolean {
    return this.ttyAtStart[2] && !this.gone.stderr && this.released.size === 0 && this.isTty(2);
  }

  isGone(stream: StreamName): boolean {
    return this.gone[stream];
  }

  /** Write to stdout; false if it is gone (the text is dropped). */
  out(text: string): boolean {
    return this.write('stdout', text);
  }

  /** A timestamped log line on stderr (the status line, if shown, is erased first). */
  log(message: string): void {
    const erase = this.statusShown ? '\r\x1b[2K' : '';
    this.statusShown = false;
    this.write('stderr', `${erase}${new Date().toISOString()} ${message}\n`);
  }

  /**
   * Check every `intervalMs` whether the terminal the process started on is still there, so a
   * hangup is noticed even by a process that gets no SIGHUP (a shell in between ignored it) and
   * writes nothing (`--json`). The timer never keeps the process alive; `unwatch()` stops it.
   */
  watchTerminal(intervalMs = 1000): void {
    if (!this.startedOnTerminal || this.watchTimer) return;
    this.watchTimer = setInterval(() => {
      if (this.terminalGone()) this.emitLost('terminal', 'hung up');
    }, intervalMs);
    this.watchTimer.unref();
  }

  unwatch(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  /** Replace the one-line status on a terminal (no-op anywhere else). */
  status(line: string): void {
    // Written whenever stderr started as a terminal: if it has hung up since, this write is what
    // fails with EIO and reports it.
    if (!this.ttyAtStart[2] || this.gone.stderr || this.released.size > 0) return;
    const cols = this.streams.stderr.columns;
    const fitted = cols && line.length >= cols ? `${line.slice(0, cols - 2)}…` : line;
    if (this.write('stderr', `\r\x1b[2K${fitted}`)) this.statusShown = true;
  }

  /** End the status line so whatever follows starts on a line of its own. */
  clearStatus(): void {
    if (!this.statusShown) return;
    this.statusShown = false;
    this.write('stderr', '\r\x1b[2K');
  }

  private write(name: StreamName, text: string): boolean {
    if (this.gone[name]) return false;
    try {
      this.streams[name].write(text);
      return !this.gone[name];
    } catch (err) {
      this.lose(name, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
      return false;
    }
  }

  private lose(name: StreamName, code: string): void {
    if (this.gone[name]) return;
    this.gone[name] = true;
    if (name === 'stderr') this.statusShown = false;
    // Only "nobody is reading" stops the session. A full disk (ENOSPC) or a closed descriptor
    // (EBADF) loses the log, not the trading: the session carries on and its exit code still tells.
    if (this.terminalGone() || READER_GONE.has(code)) this.emitLost(name, code);
  }

  private emitLost(what: StreamName | 'terminal', why: string): void {
    if (this.lostEmitted) return;
    this.lostEmitted = true;
    this.unwatch();
    this.emit('output-lost', what, why);
  }
}
