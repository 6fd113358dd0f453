/** Per-person limits that keep one person (or a script) from using up the service. */
export interface UsageLimits {
  /** Questions one person may ask per minute; 0 for no limit. */
  questionsPerMinute: number;
  /** Model tokens (prompt and completion) one person may use per UTC day; 0 for no limit. */
  dailyTokens: number;
}

export const DEFAULT_USAGE_LIMITS: UsageLimits = { questionsPerMinute: 20, dailyTokens: 100_000 };

const MINUTE_MS = 60_000;
/** Above this many people tracked, entries with nothing recent are dropped. */
const PRUNE_ABOVE = 10_000;

export type UsageDecision =
  | { ok: true }
  | { ok: false; reason: 'rate'; retryAfterSeconds: number }
  | { ok: false; reason: 'budget' };

/**
 * Counts questions in a sliding minute and tokens per UTC day, per person, in this
 * process (each replica enforces its share).
 */
export class UsageGuard {
  private readonly asked = new Map<string, number[]>();
  private readonly tokens = new Map<string, { day: string; used: number }>();

  constructor(private readonly limits: UsageLimits = DEFAULT_USAGE_LIMITS) {}

  /** Whether `person` may ask now; an allowed question is counted. */
  admit(person: string, now: Date): UsageDecision {
    const at = now.getTime();
    const budget = this.tokens.get(person);
    if (this.limits.dailyTokens > 0 && budget?.day === dayOf(now) && budget.used >= this.limits.dailyTokens) {
      return { ok: false, reason: 'budget' };
    }
    if (this.limits.questionsPerMinute > 0) {
      const recent = (this.asked.get(person) ?? []).filter((t) => at - t < MINUTE_MS);
      if (recent.length >= this.limits.questionsPerMinute) {
        this.asked.set(person, recent);
        return {
          ok: false,
          reason: 'rate',
          retryAfterSeconds: Math.ceil((recent[0]! + MINUTE_MS - at) / 1000),
        };
      }
      recent.push(at);
      this.asked.set(person, recent);
      if (this.asked.size > PRUNE_ABOVE) this.prune(at);
    }
    return { ok: true };
  }

  /** Adds model tokens a person's question used. */
  spend(person: string, used: number, now: Date): void {
    if (used <= 0) return;
    const day = dayOf(now);
    const entry = this.tokens.get(person);
    this.tokens.set(person, { day, used: (entry?.day === day ? entry.used : 0) + used });
  }

  private prune(at: number): void {
    for (const [person, times] of this.asked) {
      if (times.every((t) => at - t >= MINUTE_MS)) this.asked.delete(person);
    }
  }
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
