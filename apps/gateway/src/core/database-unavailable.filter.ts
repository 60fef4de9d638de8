import { ArgumentsHost, Catch, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';

/** Node socket errors and PostgreSQL SQLSTATEs meaning "the database is not there", not "the query is wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
]);
const CONNECTION_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|connection (?:is )?closed|client has encountered a connection error|ECONNREFUSED/i;

/** True when `err` (or an error it wraps: TypeORM's driverError, `cause`) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const { code, message, driverError, cause, errors } = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message) && !sqlState) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true; // AggregateError
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

const BODY = { statusCode: HttpStatus.SERVICE_UNAVAILABLE, message: 'Database unavailable', error: 'Service Unavailable' };

/**
 * The admin API during a database outage: 503 `Database unavailable` (with Retry-After) instead of a 500
 * or a hang. Other errors keep Nest's default handling. `/v1` never gets here: it reads snapshots only.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !isDatabaseUnavailable(exception)) return super.catch(exception, host);
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return void res.end();
    res.status(503).setHeader('retry-after', '5');
    res.json(BODY);
  }
}

/** The same answer for errors raised by Express middleware before Nest (the PostgreSQL session store). */
export function databaseUnavailableMiddleware(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (!isDatabaseUnavailable(err) || res.headersSent) return next(err);
  res.status(503).setHeader('retry-after', '5');
  res.json(BODY);
}
