import type { AdminMe } from '@switchyard/contracts';

/** What an admin session carries: kept small, re-checked against the database on every /api call. */
export type SessionAdmin = AdminMe;

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionAdmin {}
  }
}
