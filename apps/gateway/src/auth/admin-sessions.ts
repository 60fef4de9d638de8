import type { EntityManager } from 'typeorm';

/**
 * Ends an admin's sessions by deleting their rows from the session store: the cookie then points at
 * nothing and the next call answers 401. `keepSessionId` spares the caller's own session (an admin
 * changing their own password stays signed in here, and only here).
 * @returns how many sessions ended
 */
export async function endAdminSessions(db: Pick<EntityManager, 'query'>, adminId: string, keepSessionId?: string): Promise<number> {
  const rows: { ended: number }[] = await db.query(
    `WITH ended AS (DELETE FROM admin_sessions WHERE sess->'passport'->>'user' = $1 AND sid IS DISTINCT FROM $2 RETURNING 1)
     SELECT count(*)::int AS ended FROM ended`,
    [adminId, keepSessionId ?? null],
  );
  return rows[0]?.ended ?? 0;
}
