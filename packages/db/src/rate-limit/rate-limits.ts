import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { type Db, poolOf } from '../connect';

/**
 * What the hub limits, and how much. Each counts in PostgreSQL, so every API process shares it.
 * `blockSeconds`: once over, how long the key waits, whatever it does meanwhile.
 */
export const limitRules = {
  /** Wrong codes for one contact point, across every code sent to it: a new code never resets it. */
  wrongCodePerContact: { points: 10, seconds: 3600, blockSeconds: 3600 },
  /** Codes sent to one contact point (each one a message to a real person). */
  codeSentPerContact: { points: 5, seconds: 3600, blockSeconds: 3600 },
  /** Failed proofs (codes, inbox keys, PINs) from one client address. */
  failurePerClient: { points: 30, seconds: 900, blockSeconds: 900 },
  /** Public subject searches from one client address. */
  subjectSearchPerClient: { points: 20, seconds: 600, blockSeconds: 600 },
  /** Passkey sign-ins begun from one client address (each keeps a challenge for a few minutes). */
  passkeySignInPerClient: { points: 30, seconds: 600, blockSeconds: 600 },
} as const;
export type LimitRule = keyof typeof limitRules;

/**
 * Rate limits on rate-limiter-flexible's PostgreSQL store (table `rate_limit`, made by migration
 * 0020). Keys are hashed before they are stored: no address or contact point sits there in clear.
 */
export class RateLimits {
  private readonly limiters: Record<LimitRule, RateLimiterPostgres>;

  constructor(
    db: Db,
    /** Separates one hub's counts from another's in the same table (tests use one per run). */
    prefix = 'switchboard',
    rules: Record<LimitRule, { points: number; seconds: number; blockSeconds: number }> = limitRules,
  ) {
    const pool = poolOf(db);
    this.limiters = Object.fromEntries(
      Object.entries(rules).map(([name, rule]) => [
        name,
        new RateLimiterPostgres({
          storeClient: pool,
          tableName: 'rate_limit',
          tableCreated: true,
          keyPrefix: `${prefix}:${name}`,
          points: rule.points,
          duration: rule.seconds,
          blockDuration: rule.blockSeconds,
        }),
      ]),
    ) as Record<LimitRule, RateLimiterPostgres>;
  }

  /** Seconds until `key` may try again under `rule`; 0 when it may now. Counts nothing. */
  async waitFor(rule: LimitRule, key: string): Promise<number> {
    const limiter = this.limiters[rule];
    const state = await limiter.get(hashed(key));
    return state && state.consumedPoints >= limiter.points ? seconds(state) : 0;
  }

  /** Counts one attempt (or one failure); the seconds to wait if that one went over, else 0. */
  async count(rule: LimitRule, key: string): Promise<number> {
    try {
      await this.limiters[rule].consume(hashed(key));
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return seconds(error);
      throw error;
    }
  }
}

const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');
const seconds = (state: RateLimiterRes) => Math.max(1, Math.ceil(state.msBeforeNext / 1000));
