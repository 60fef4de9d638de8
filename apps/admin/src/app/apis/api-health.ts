import type { ApiHealth } from '@switchyard/contracts';

export type BreakerState = ApiHealth['state'];
export type HealthKind = 'healthy' | 'failing' | 'out' | 'probing' | 'unknown';

export interface HealthSummary {
  readonly kind: HealthKind;
  /** Chip text: `Healthy`, `Failing (3)`, `Out — 503 from upstream`, `Probing`. */
  readonly label: string;
  /** Relative start of the current state (`since 2 min ago`); null when the gateway does not know it. */
  readonly since: string | null;
}

/** Breaker state in operator words. */
export function breakerStateLabel(state: BreakerState): string {
  return state === 'closed' ? 'Closed (taking traffic)' : state === 'open' ? 'Open (skipped)' : 'Half-open (probing)';
}

/**
 * What the APIs table shows for a breaker. `health` may be missing when an older gateway answers,
 * which is shown as unknown rather than as healthy.
 */
export function summarizeHealth(health: ApiHealth | null | undefined, now: number = Date.now()): HealthSummary {
  if (!health) {
    return { kind: 'unknown', label: 'Unknown', since: null };
  }
  const since = health.since === null ? null : `since ${relativeTime(health.since, now)}`;
  switch (health.state) {
    case 'open':
      return { kind: 'out', label: health.reason ? `Out — ${health.reason}` : 'Out', since };
    case 'half-open':
      return { kind: 'probing', label: 'Probing', since };
    default:
      return health.consecutiveFailures > 0
        ? { kind: 'failing', label: `Failing (${health.consecutiveFailures})`, since }
        : { kind: 'healthy', label: 'Healthy', since };
  }
}

/** Sort rank for the Health column: the worst state sorts last in ascending order. */
export function healthRank(health: ApiHealth | null | undefined): number {
  const rank: Record<HealthKind, number> = { healthy: 0, unknown: 1, failing: 2, probing: 3, out: 4 };
  return rank[summarizeHealth(health).kind];
}

/** `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago` (a future time, from clock skew, reads as just now). */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = Math.floor((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) {
    return iso;
  }
  if (seconds < 5) {
    return 'just now';
  }
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86_400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return `${Math.floor(seconds / 86_400)} d ago`;
}
