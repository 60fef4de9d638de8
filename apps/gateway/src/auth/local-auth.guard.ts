import { BadRequestException, ExecutionContext, HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { ConfigurationService } from '../configuration/configuration.service';
import { MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH } from './dto/login.dto';
import { LoginThrottle } from './login-throttle';
import { startSessionClock } from './session-policy';

/**
 * Checks the credentials, then starts a fresh session (passport regenerates it: no fixation). Before
 * any hashing it refuses malformed or oversized credentials (400: guards run before the validation
 * pipe) and throttled usernames or IPs (429 with Retry-After).
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  constructor(
    private readonly throttle: LoginThrottle,
    private readonly configuration: ConfigurationService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const username = credentialsUsername(req.body);
    const attempt = await this.throttle.begin(username, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (attempt.retryAfterSeconds > 0) {
      res.setHeader('Retry-After', String(attempt.retryAfterSeconds));
      throw new HttpException(
        {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          message: `Too many failed sign-in attempts; try again in ${attempt.retryAfterSeconds} seconds`,
          error: 'Too Many Requests',
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    let ok: boolean;
    try {
      ok = (await super.canActivate(context)) as boolean;
    } catch (err) {
      if (err instanceof UnauthorizedException) await this.throttle.failed(attempt);
      throw err;
    }
    await this.throttle.succeeded(attempt);
    await super.logIn(req);
    startSessionClock(req, {
      idleMinutes: () => this.configuration.get('sessionIdleMinutes'),
      maxHours: () => this.configuration.get('sessionMaxHours'),
    });
    return ok;
  }
}

/** The username of a login body, after the checks that must happen before the password is hashed. */
function credentialsUsername(body: unknown): string {
  const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
  if (typeof username !== 'string' || username.length < 1 || username.length > MAX_USERNAME_LENGTH)
    throw new BadRequestException([`username must be a string of 1 to ${MAX_USERNAME_LENGTH} characters`]);
  if (typeof password !== 'string' || password.length < 1 || password.length > MAX_PASSWORD_LENGTH)
    throw new BadRequestException([`password must be a string of 1 to ${MAX_PASSWORD_LENGTH} characters`]);
  return username;
}
