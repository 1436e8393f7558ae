/**
 * How a `tradebot` process ends, for scripts and service managers. Every path out of the
 * process maps to one of these; a signal or hangup that stops a session cleanly is `done`.
 */
export const ExitCode = {
  /** The session ran and drained: every accepted tick, intent, order and fill was processed. */
  done: 0,
  /** The command line or the config was refused before anything started. */
  usage: 2,
  /** The pipeline halted itself after repeated worker failures, then drained. */
  halted: 3,
  /** The drain was abandoned (a second signal, or a wedged worker): records were left behind. */
  drainAbandoned: 4,
} as const;

/** A refusal to start that is the operator's to fix: one line on stderr and exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
