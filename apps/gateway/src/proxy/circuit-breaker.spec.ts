import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  const policy = { failureThreshold: 3, cooldownMs: 1_000 };
  let now: number;
  let breaker: CircuitBreaker;
  const fail = () => {
    expect(breaker.tryAcquire(policy)).toBe(true);
    breaker.record({ kind: 'failure', reason: '503 from upstream' }, policy);
  };

  beforeEach(() => {
    now = 1_000_000;
    breaker = new CircuitBreaker(() => now);
  });

  it('starts closed with no history', () => {
    expect(breaker.health(policy)).toEqual({ state: 'closed', since: null, consecutiveFailures: 0, reason: null, history: [] });
  });

  it('opens after the threshold of consecutive failures, and a success in between resets the count', () => {
    fail();
    fail();
    expect(breaker.tryAcquire(policy)).toBe(true);
    breaker.record({ kind: 'success' }, policy);
    fail();
    fail();
    expect(breaker.health(policy).state).toBe('closed');
    fail();
    expect(breaker.health(policy)).toMatchObject({ state: 'open', consecutiveFailures: 3, reason: '503 from upstream' });
    expect(breaker.isAvailable(policy)).toBe(false);
    expect(breaker.tryAcquire(policy)).toBe(false);
  });

  it('lets exactly one probe through after the cooldown and closes on its success', () => {
    for (let i = 0; i < 3; i++) fail();
    now += 999;
    expect(breaker.tryAcquire(policy)).toBe(false);
    now += 1;
    expect(breaker.health(policy).state).toBe('half-open');
    expect(breaker.tryAcquire(policy)).toBe(true);
    expect(breaker.tryAcquire(policy)).toBe(false); // a concurrent call skips it
    expect(breaker.isAvailable(policy)).toBe(false);
    breaker.record({ kind: 'success' }, policy);
    const health = breaker.health(policy);
    expect(health).toMatchObject({ state: 'closed', consecutiveFailures: 0, reason: null });
    expect(health.history.map((h) => h.state)).toEqual(['closed', 'half-open', 'open']);
  });

  it('opens again when the probe fails, for a fresh cooldown', () => {
    for (let i = 0; i < 3; i++) fail();
    now += 1_000;
    fail();
    expect(breaker.health(policy)).toMatchObject({ state: 'open', since: new Date(now).toISOString() });
    now += 500;
    expect(breaker.tryAcquire(policy)).toBe(false);
    now += 500;
    expect(breaker.tryAcquire(policy)).toBe(true);
  });

  it('frees the probe without a verdict when the attempt says nothing about the upstream', () => {
    for (let i = 0; i < 3; i++) fail();
    now += 1_000;
    expect(breaker.tryAcquire(policy)).toBe(true);
    breaker.record({ kind: 'neutral' }, policy);
    expect(breaker.health(policy).state).toBe('half-open');
    expect(breaker.tryAcquire(policy)).toBe(true);
  });

  it('keeps a bounded history, newest first', () => {
    for (let round = 0; round < 15; round++) {
      for (let i = 0; i < 3; i++) fail();
      now += 1_000;
      expect(breaker.tryAcquire(policy)).toBe(true);
      breaker.record({ kind: 'success' }, policy);
    }
    const history = breaker.health(policy).history;
    expect(history).toHaveLength(20);
    expect(history[0].state).toBe('closed');
  });

  it('closes when the active health check succeeds', () => {
    for (let i = 0; i < 3; i++) fail();
    breaker.close('active health check succeeded');
    expect(breaker.health(policy)).toMatchObject({
      state: 'closed',
      history: [{ state: 'closed', reason: 'active health check succeeded' }, {}],
    });
  });
});
