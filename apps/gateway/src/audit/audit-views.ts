import { ApiResponse } from '@switchyard/contracts';

/** What the audit trail keeps of an upstream API. */
export type AuditApiView = Omit<ApiResponse, 'health'>;

/**
 * An upstream API as the audit trail keeps it: the wire view (no key, no ciphertext) with the values of
 * extra headers masked, since operators sometimes put credentials there, and without the live breaker
 * health, which is runtime state rather than configuration.
 */
export function auditApiView(api: ApiResponse): AuditApiView {
  const { health: _health, ...rest } = api as ApiResponse & { health?: unknown };
  const extraHeaders = Object.fromEntries(Object.keys(api.extraHeaders).map((name) => [name, '[masked]']));
  return { ...rest, extraHeaders };
}
