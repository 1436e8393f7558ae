/**
 * Imported first by the CLI, before yargs and everything else load: from this moment a `run`
 * session's SIGINT, SIGTERM and SIGHUP are queued for it instead of killing the process (their
 * default action). Loading the rest of the program takes long enough on a busy machine for an
 * operator's or a supervisor's signal to land in between.
 */
import { SignalInbox } from './signal-inbox.js';

export const sessionSignals: SignalInbox | undefined = process.argv[2] === 'run' ? new SignalInbox() : undefined;
