import { ApiError } from './api-error';

export interface SignInRateLimitOptions {
  /** Failed sign-ins allowed per (email, client IP) within the window. */
  maxFailures: number;
  windowMs: number;
  /** Entries kept at most (oldest dropped first), so a flood of keys cannot exhaust memory. */
  maxKeys?: number;
}

/**
 * Sign-in throttling, in memory and per API instance: after `maxFailures` failed attempts for one
 * email from one IP, further attempts are RATE_LIMITED until the window (started at the first
 * failure) ends. Several instances behind a load balancer each count on their own.
 */
export class SignInRateLimiter {
  private readonly entries = new Map<string, { failures: number; since: number }>();

  constructor(
    private readonly options: SignInRateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws RATE_LIMITED while the key is blocked. */
  check(key: string): void {
    const entry = this.current(key);
    if (entry && entry.failures >= this.options.maxFailures) {
      const retryAfterSeconds = Math.max(1, Math.ceil((entry.since + this.options.windowMs - this.now()) / 1000));
      throw new ApiError('RATE_LIMITED', `Too many failed sign-ins: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
  }

  recordFailure(key: string): void {
    const entry = this.current(key) ?? { failures: 0, since: this.now() };
    entry.failures += 1;
    this.entries.delete(key);
    this.entries.set(key, entry);
    const maxKeys = this.options.maxKeys ?? 100_000;
    while (this.entries.size > maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string) {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.since >= this.options.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
