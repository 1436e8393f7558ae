/**
 * RiskLimits: L5's kill switch. After every batch it compares the book with three limits and
 * trips (and stays tripped) when one is breached:
 *
 * - daily loss: (equity at the start of the UTC day - equity) / that equity, in percent, with the
 *   day taken from the event time of what L5 is booking (a replay's days are the market's);
 * - drawdown: the portfolio's drawdown from its peak equity, in percent;
 * - VaR: the portfolio's one-day 99% VaR, in percent of equity.
 *
 * A limit of 0 is off. Tripped, it stays tripped (latched) until the operator reloads the config
 * (`rearm`, on any params change) or, for the daily loss, until the next UTC day starts: a kill
 * switch that let go on its own as soon as the book shrank back under the limit would flap,
 * opening again what it had just stopped. While tripped, sizing and execution let through only
 * intents that reduce a position (see the sizing and execution stages).
 *
 * Plain numbers in, a reason code out; no allocation, no clock.
 */
import { PortfolioSnapshot } from './portfolio.js';

export const RiskHaltReason = { None: 0, DailyLoss: 1, Drawdown: 2, Var: 3 } as const;
export const RISK_HALT_REASONS = ['none', 'daily_loss', 'drawdown', 'var'] as const;

const TRIP_LINE = /^KILL SWITCH: (\w+) limit breached/;

/** The log line of a trip, written by the risk stage; killSwitchTripOf reads it back. */
export function killSwitchTripLine(reason: number, atPct: number): string {
  return `KILL SWITCH: ${RISK_HALT_REASONS[reason]} limit breached at ${atPct.toFixed(2)}%; `
    + 'only intents that reduce positions go out until a config reload (or, for the daily loss, the next UTC day)';
}

/**
 * The limit a log line says tripped, or null for any other line: how a backtest learns of a trip
 * the session's end state no longer shows (a daily-loss switch clears at the next UTC day).
 */
export function killSwitchTripOf(line: string): string | null {
  const m = TRIP_LINE.exec(line);
  return m !== null && (RISK_HALT_REASONS as readonly string[]).includes(m[1]) ? m[1] : null;
}

/**
 * Slots of the array `check` reads: the three limits, then the event time (µs) of the check (in
 * the array rather than an argument: a double argument to a call that is not inlined is boxed).
 */
export const RiskLimit = { maxDailyLossPct: 0, maxDrawdownPct: 1, maxVarPct: 2, nowUs: 3 } as const;
export const RISK_LIMIT_SLOTS = 4;

const US_PER_DAY = 86_400_000_000;

export class RiskLimits {
  /** [tripped reason, UTC day of the day-start equity, day-start equity, value that tripped] */
  private readonly state = new Float64Array([0, NaN, NaN, 0]);

  /** The reason the switch is tripped for (RiskHaltReason), None while trading is allowed. */
  reason(): number {
    return this.state[0];
  }

  /** The measure that tripped it (percent), 0 if none. */
  trippedAt(): number {
    return this.state[3];
  }

  /** A restarted L5 takes over a switch its predecessor tripped: a crash must not release it. */
  restore(reason: number): void {
    if (reason > 0 && reason < RISK_HALT_REASONS.length) this.state[0] = reason;
  }

  /** The operator reloaded the config: limits start over from the book as it is now. */
  rearm(): void {
    this.state[0] = RiskHaltReason.None;
    this.state[3] = 0;
  }

  /**
   * Check the portfolio snapshot against `limits` (RiskLimit slots, with the event time); returns
   * the reason it is (still or newly) tripped for, None if trading is allowed.
   */
  check(snapshot: Float64Array, limits: Float64Array): number {
    const st = this.state;
    const tsUs = limits[RiskLimit.nowUs];
    const equity = snapshot[PortfolioSnapshot.equity];
    const day = tsUs > 0 ? Math.floor(tsUs / US_PER_DAY) : st[1];
    if (day !== st[1] && day === day) {
      st[1] = day;
      st[2] = equity;
      if (st[0] === RiskHaltReason.DailyLoss) { st[0] = RiskHaltReason.None; st[3] = 0; }
    }
    if (st[0] !== RiskHaltReason.None) return st[0];
    const dayStart = st[2];
    const maxLoss = limits[RiskLimit.maxDailyLossPct];
    if (maxLoss > 0 && dayStart > 0) {
      const lossPct = ((dayStart - equity) / dayStart) * 100;
      if (lossPct >= maxLoss) return this.trip(RiskHaltReason.DailyLoss, lossPct);
    }
    const maxDrawdown = limits[RiskLimit.maxDrawdownPct];
    const drawdown = snapshot[PortfolioSnapshot.drawdownPct];
    if (maxDrawdown > 0 && drawdown >= maxDrawdown) return this.trip(RiskHaltReason.Drawdown, drawdown);
    const maxVar = limits[RiskLimit.maxVarPct];
    const varPct = snapshot[PortfolioSnapshot.varPct];
    if (maxVar > 0 && varPct >= maxVar) return this.trip(RiskHaltReason.Var, varPct);
    return RiskHaltReason.None;
  }

  private trip(reason: number, value: number): number {
    this.state[0] = reason;
    this.state[3] = value;
    return reason;
  }
}
