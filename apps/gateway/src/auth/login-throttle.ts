import { Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Failed sign-ins allowed per username, and per client IP, within the window before a pause. */
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 20;
const WINDOW_S = 15 * 60;
/** The first pause; each further one (within a day) doubles, up to the cap. Never permanent. */
const FIRST_PAUSE_S = 60;
const MAX_PAUSE_S = 15 * 60;
const STRIKE_MEMORY_S = 24 * 60 * 60;

/**
 * Brute-force brake on `POST /api/auth/login`, per username and per client IP (in memory, per
 * instance). After too many failures the key is paused: 1 min, then 2, 4, 8, 15 min for repeated
 * pauses. Nobody is locked out for good, so an attacker can delay an admin's sign-in, not prevent it;
 * a successful sign-in clears the username's record.
 */
@Injectable()
export class LoginThrottle {
  private readonly byUsername = new RateLimiterMemory({ keyPrefix: 'login-user', points: MAX_FAILURES_PER_USERNAME, duration: WINDOW_S });
  private readonly byIp = new RateLimiterMemory({ keyPrefix: 'login-ip', points: MAX_FAILURES_PER_IP, duration: WINDOW_S });
  private readonly pauses = new RateLimiterMemory({
    keyPrefix: 'login-pauses',
    points: Number.MAX_SAFE_INTEGER,
    duration: STRIKE_MEMORY_S,
  });

  /**
   * Registers a sign-in attempt before the password is checked (so parallel guesses count too) and
   * answers how long to wait when the username or the IP is paused (0: go ahead and check it).
   */
  async begin(username: string, ip: string): Promise<LoginAttempt> {
    const user = await this.byUsername.penalty(userKey(username), 1);
    if (user.consumedPoints > MAX_FAILURES_PER_USERNAME) return blocked(user, username, ip);
    const client = await this.byIp.penalty(ip, 1);
    if (client.consumedPoints > MAX_FAILURES_PER_IP) {
      await this.byUsername.reward(userKey(username), 1);
      return blocked(client, username, ip);
    }
    return { username, ip, retryAfterSeconds: 0, userFailures: user.consumedPoints, ipFailures: client.consumedPoints };
  }

  /** The password was wrong: the attempt stays counted, and the last allowed one starts a pause. */
  async failed(attempt: LoginAttempt): Promise<void> {
    if (attempt.userFailures >= MAX_FAILURES_PER_USERNAME)
      await this.pause(this.byUsername, `user:${userKey(attempt.username)}`, userKey(attempt.username));
    if (attempt.ipFailures >= MAX_FAILURES_PER_IP) await this.pause(this.byIp, `ip:${attempt.ip}`, attempt.ip);
  }

  /** A correct password clears the username's failures and pauses; the IP only gets this attempt back. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    const key = userKey(attempt.username);
    await Promise.all([this.byUsername.delete(key), this.pauses.delete(`user:${key}`), this.byIp.reward(attempt.ip, 1)]);
  }

  private async pause(limiter: RateLimiterMemory, pauseKey: string, key: string): Promise<void> {
    const pauses = (await this.pauses.penalty(pauseKey, 1)).consumedPoints;
    await limiter.block(key, Math.min(FIRST_PAUSE_S * 2 ** (pauses - 1), MAX_PAUSE_S));
  }
}

/** One attempt as {@link LoginThrottle.begin} counted it. */
export interface LoginAttempt {
  username: string;
  ip: string;
  /** > 0: refused, retry after this many seconds. */
  retryAfterSeconds: number;
  userFailures: number;
  ipFailures: number;
}

function blocked(res: RateLimiterRes, username: string, ip: string): LoginAttempt {
  return { username, ip, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)), userFailures: 0, ipFailures: 0 };
}

function userKey(username: string): string {
  return username.trim().toLowerCase();
}
