import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let throttle: LoginThrottle;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    throttle = new LoginThrottle();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  const fail = async (username: string, ip = '198.51.100.1', times = 1) => {
    for (let i = 0; i < times; i++) {
      const attempt = await throttle.begin(username, ip);
      expect(attempt.retryAfterSeconds).toBe(0);
      await throttle.failed(attempt);
    }
  };

  it('pauses a username after 5 failures, with pauses growing 1, 2, 4 ... minutes, never beyond 15', async () => {
    const pauses: number[] = [];
    for (let round = 0; round < 6; round++) {
      await fail('Admin', `198.51.100.${round}`, 5);
      const paused = await throttle.begin('admin', '192.0.2.1');
      pauses.push(paused.retryAfterSeconds);
      jest.advanceTimersByTime(paused.retryAfterSeconds * 1000 + 1);
    }
    expect(pauses).toEqual([60, 120, 240, 480, 900, 900]);
    // The pause is over: trying again is allowed.
    expect((await throttle.begin('admin', '192.0.2.1')).retryAfterSeconds).toBe(0);
  });

  it('a success clears the username and its pause history', async () => {
    await fail('admin', undefined, 5);
    jest.advanceTimersByTime(61_000);
    await fail('admin', undefined, 4);
    await throttle.succeeded(await throttle.begin('admin', '198.51.100.1'));
    await fail('admin', undefined, 5);
    expect((await throttle.begin('admin', '192.0.2.1')).retryAfterSeconds).toBe(60);
  });

  it('pauses an IP after 20 failures across usernames, without pausing those usernames elsewhere', async () => {
    for (let i = 0; i < 20; i++) await fail(`user-${i}`, '203.0.113.9');
    expect((await throttle.begin('user-99', '203.0.113.9')).retryAfterSeconds).toBe(60);
    expect((await throttle.begin('user-1', '203.0.113.10')).retryAfterSeconds).toBe(0);
  });
});
