import { Injectable } from '@nestjs/common';
import { ApiHealth } from '@switchyard/contracts';
import { ConfigurationService } from '../configuration/configuration.service';

export type BreakerState = ApiHealth['state'];

/** Read from the live settings on every call, so a change applies to the next one. */
export interface BreakerPolicy {
  failureThreshold: number;
  cooldownMs: number;
}

/** How an attempt ended, as far as the breaker cares. `neutral`: says nothing about the upstream (client left). */
export type BreakerOutcome = { kind: 'success' } | { kind: 'failure'; reason: string } | { kind: 'neutral' };

const MAX_HISTORY = 20;

/**
 * One upstream API's breaker: closed → (threshold consecutive failures) → open → (cooldown) →
 * half-open, where exactly one probe call goes through: success closes it, failure opens it again.
 * In memory, per gateway instance; `now` is injectable for tests.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private since: number | null = null;
  private failures = 0;
  private reason: string | null = null;
  private openedAt = 0;
  private probing = false;
  private readonly history: ApiHealth['history'] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether a call could go through now (without claiming the half-open probe). */
  isAvailable(policy: BreakerPolicy): boolean {
    const state = this.current(policy);
    return state === 'closed' || (state === 'half-open' && !this.probing);
  }

  /** Claims passage for one call: always when closed, only the single probe when half-open. */
  tryAcquire(policy: BreakerPolicy): boolean {
    const state = this.current(policy);
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** Reports how a call that `tryAcquire` let through ended. */
  record(outcome: BreakerOutcome, policy: BreakerPolicy): void {
    const wasProbe = this.probing;
    this.probing = false;
    if (outcome.kind === 'neutral') return;
    if (outcome.kind === 'success') {
      this.failures = 0;
      if (this.state !== 'closed') this.transition('closed', null);
      return;
    }
    this.failures++;
    this.reason = outcome.reason;
    if (wasProbe || (this.state === 'closed' && this.failures >= policy.failureThreshold)) this.open(outcome.reason);
  }

  /** Closes the breaker after a successful active health check. */
  close(reason: string): void {
    this.probing = false;
    this.failures = 0;
    if (this.state !== 'closed') this.transition('closed', reason);
  }

  health(policy: BreakerPolicy): ApiHealth {
    const state = this.current(policy);
    return {
      state,
      since: this.since === null ? null : new Date(this.since).toISOString(),
      consecutiveFailures: this.failures,
      reason: state === 'closed' ? null : this.reason,
      history: this.history.map((h) => ({ ...h })),
    };
  }

  /** The state, moving open → half-open once the cooldown has passed. */
  private current(policy: BreakerPolicy): BreakerState {
    if (this.state === 'open' && this.now() - this.openedAt >= policy.cooldownMs) this.transition('half-open', 'cooldown over');
    return this.state;
  }

  private open(reason: string): void {
    this.openedAt = this.now();
    this.transition('open', reason);
  }

  private transition(state: BreakerState, reason: string | null): void {
    this.state = state;
    this.since = this.now();
    this.history.unshift({ at: new Date(this.since).toISOString(), state, reason });
    if (this.history.length > MAX_HISTORY) this.history.length = MAX_HISTORY;
  }
}

const NEVER_USED = new CircuitBreaker();

/**
 * Every API's breaker on this instance, created on first use. Shared by the proxy (which feeds it)
 * and the admin API (which shows it); the policy comes from the live settings.
 */
@Injectable()
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private lastPolicy: Readonly<BreakerPolicy> = { failureThreshold: NaN, cooldownMs: NaN };
  /** Replaced by tests to drive time. */
  now: () => number = Date.now;

  constructor(private readonly configuration: ConfigurationService) {}

  /** The live settings as a policy; the same object while they do not change (read on every call). */
  policy(): BreakerPolicy {
    const failureThreshold = this.configuration.get('breakerFailureThreshold');
    const cooldownMs = this.configuration.get('breakerCooldownSeconds') * 1000;
    const last = this.lastPolicy;
    if (last.failureThreshold === failureThreshold && last.cooldownMs === cooldownMs) return last;
    return (this.lastPolicy = { failureThreshold, cooldownMs });
  }

  for(apiId: string): CircuitBreaker {
    let breaker = this.breakers.get(apiId);
    if (!breaker) {
      breaker = new CircuitBreaker(() => this.now());
      this.breakers.set(apiId, breaker);
    }
    return breaker;
  }

  /** The health of an API; closed with no history when it has never been called. */
  health(apiId: string): ApiHealth {
    return (this.breakers.get(apiId) ?? NEVER_USED).health(this.policy());
  }

  /** Ids of the APIs whose breaker is not closed (for the active health check). */
  unhealthy(): string[] {
    const policy = this.policy();
    return [...this.breakers].filter(([, b]) => b.health(policy).state !== 'closed').map(([id]) => id);
  }

  /** Forgets every breaker (tests; an API deleted and recreated gets a new id anyway). */
  clear(): void {
    this.breakers.clear();
  }
}
