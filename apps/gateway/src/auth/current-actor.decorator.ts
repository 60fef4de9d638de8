import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditActor } from '../audit/audit.service';

/**
 * The signed-in admin of this `/api` call, as the actor services record in the audit trail. Controllers
 * pass it down explicitly: a per-request async context would turn on process-wide promise hooks and slow
 * every await on the proxy hot path. The global session guard has already refused anonymous callers.
 */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuditActor => {
  const { user } = ctx.switchToHttp().getRequest<Request>();
  if (!user) throw new UnauthorizedException('Sign in first');
  return { adminId: user.id, username: user.username };
});

/** The session id of this `/api` call (an admin changing their own password keeps this session). */
export const CurrentSessionId = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): string | undefined => ctx.switchToHttp().getRequest<Request>().sessionID,
);
