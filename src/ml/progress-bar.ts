/**
 * Training progress on stderr: a bar redrawn in place with epoch, loss and ETA when stderr is a
 * terminal; otherwise (logs, CI, tests) one plain line per epoch, so nothing fills a file with
 * carriage returns.
 */
export interface ProgressLine {
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  /** Seconds since training started. */
  elapsed: number;
}

const BAR_WIDTH = 24;

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

export class ProgressBar {
  private lastDraw = 0;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly tty = Boolean(out.isTTY)) {}

  /** Redraw the bar (at most every 100 ms) when on a terminal. */
  update(p: ProgressLine): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && p.step < p.steps) return;
    this.lastDraw = now;
    const done = ((p.epoch - 1) * p.steps + p.step) / (p.epochs * p.steps);
    const filled = Math.round(done * BAR_WIDTH);
    const eta = done > 0 ? p.elapsed / done - p.elapsed : NaN;
    this.out.write(`\r\x1b[2Kepoch ${p.epoch}/${p.epochs} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(done * 100).toFixed(0)}% loss ${p.loss.toFixed(4)} eta ${formatSeconds(eta)}`);
  }

  /** One finished epoch: a permanent line. */
  epochDone(epoch: number, epochs: number, trainLoss: number, validationLoss: number, seconds: number, best: boolean): void {
    const line = `epoch ${epoch}/${epochs} train loss ${trainLoss.toFixed(4)} validation loss ${validationLoss.toFixed(4)}${best ? ' (best)' : ''} ${seconds.toFixed(1)}s`;
    this.out.write(this.tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  /**
   * Progress through a count of tasks (e.g. the backtests of a parameter search) with an ETA from
   * the mean pace so far: redrawn in place on a terminal, one plain line per call otherwise.
   */
  task(label: string, done: number, total: number, elapsed: number, detail = ''): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
    const line = `${label} ${done}/${total} ${(fraction * 100).toFixed(0)}% elapsed ${formatSeconds(elapsed)} eta ${done >= total ? '0s' : formatSeconds(eta)}${detail ? ` ${detail}` : ''}`;
    if (!this.tty) {
      this.out.write(`${line}\n`);
      return;
    }
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const filled = Math.round(fraction * BAR_WIDTH);
    this.out.write(`\r\x1b[2K${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${line.slice(label.length + 1)}`);
  }

  /** End a line `task` redrew in place (nothing to do off a terminal). */
  finish(): void {
    if (this.tty) this.out.write('\n');
  }
}
