/**
 * Catches SIGINT, SIGTERM and SIGHUP from the moment the `run` command starts, so that a signal
 * sent while the session is still loading, or between its banner and its first tick, is acted on
 * rather than killing the process with no summary (the default action of all three). Until a
 * handler takes over, signals wait in order; then they are delivered to it.
 */
export type StopOrReloadSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export class SignalInbox {
  private readonly queued: StopOrReloadSignal[] = [];
  private handler: ((signal: StopOrReloadSignal) => void) | null = null;
  private readonly listeners: [StopOrReloadSignal, () => void][] = [];

  constructor(signals: readonly StopOrReloadSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    for (const signal of signals) {
      const listener = (): void => this.receive(signal);
      this.listeners.push([signal, listener]);
      process.on(signal, listener);
    }
  }

  /** Deliver every signal from now on to `handler`, starting with those already queued. */
  deliverTo(handler: (signal: StopOrReloadSignal) => void): void {
    this.handler = handler;
    for (const signal of this.queued.splice(0)) handler(signal);
  }

  /** Stop listening (tests that run a session in-process). */
  close(): void {
    for (const [signal, listener] of this.listeners) process.off(signal, listener);
    this.listeners.length = 0;
  }

  private receive(signal: StopOrReloadSignal): void {
    if (this.handler) this.handler(signal);
    else this.queued.push(signal);
  }
}
