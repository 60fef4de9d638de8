import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { RequestHandler } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Level, Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { LogLevel } from './env';
import { sentHeader } from './sent-header';

/** What replaces a secret in a log line. */
export const REDACTED = '[redacted]';

/** Nest's level names (and our LOG_LEVEL values) mapped onto pino's. */
const PINO_LEVEL: Record<NestLogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};
const LABEL: Record<string, string> = { fatal: 'FATAL', error: 'ERROR', warn: 'WARN', info: 'LOG', debug: 'DEBUG', trace: 'VERBOSE' };

/**
 * Field names whose values never reach a log line, wherever they sit in a logged object: credentials
 * headers and anything named like a key, password or secret (`apiKey`, `adminPassword`, `secretKey`…).
 */
const SECRET_FIELD =
  /^(authorization|proxy-authorization|cookie|set-cookie|key)$|(password|passphrase|secret|secret_?key|api[-_]?key|token)$/i;
/** Secrets that may hide inside message text: our `sk-…` keys, bearer tokens, passwords in URLs. */
const SECRET_TEXT: [RegExp, string][] = [
  [/\bsk-[A-Za-z0-9_-]{6,}/g, `sk-${REDACTED}`],
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, `$1${REDACTED}@`],
];

/** Removes secrets from free text. */
export function scrubText(text: string): string {
  return SECRET_TEXT.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/**
 * A copy of `value` safe to log: secret-named fields replaced by {@link REDACTED}, strings scrubbed
 * with {@link scrubText}, errors reduced to type, message and stack. Only plain objects and arrays are
 * walked (a request or socket object is summarised, never dumped).
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[depth]';
  if (value instanceof Error) {
    return { type: value.name, message: scrubText(value.message), stack: value.stack ? scrubText(value.stack) : undefined };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null) return value instanceof Date ? value : `[${proto.constructor?.name ?? 'object'}]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) && v != null ? REDACTED : redact(v, depth + 1);
  return out;
}

export interface AppLoggerOptions {
  /** LOG_LEVEL: this level and the more severe ones are written. */
  level: LogLevel;
  /** One JSON object per line (production, log shipping); otherwise a readable single line. */
  json: boolean;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/** The pino instance behind the gateway's logs, with the redaction and level of `options`. */
export function createPino(options: AppLoggerOptions): Pino {
  return pino(
    {
      level: PINO_LEVEL[options.level],
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: redactFields },
      // redactFields already turned errors into {type, message, stack}: keep that as it is.
      serializers: { err: (err: unknown) => err },
      // Belt and braces for the serialized request/response of the access log.
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: REDACTED,
      },
    },
    options.destination ?? (options.json ? pino.destination({ dest: 1, sync: true }) : readableLines()),
  );
}

/** pino's log formatter: runs before the serializers, so the access log's req/res are left to those. */
function redactFields(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) {
    out[k] = k === 'req' || k === 'res' ? v : SECRET_FIELD.test(k) && v != null ? REDACTED : redact(v, 1);
  }
  return out;
}

/** `2026-01-31T12:00:00.000Z     LOG [Context] message {"extra":1}`; errors go to stderr. */
function readableLines(): DestinationStream {
  return {
    write(line: string) {
      const {
        time,
        level,
        context,
        msg,
        pid: _pid,
        err,
        ...extra
      } = JSON.parse(line) as {
        time: string;
        level: string;
        context?: string;
        msg?: string;
        pid: number;
        err?: { stack?: string };
      } & Record<string, unknown>;
      const stack = err?.stack;
      const rest = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
      const text = `${time} ${(LABEL[level] ?? level).padStart(7)} ${context ? `[${context}] ` : ''}${msg ?? ''}${rest}${stack ? `\n${stack}` : ''}\n`;
      (level === 'error' || level === 'fatal' ? process.stderr : process.stdout).write(text);
    },
  };
}

/**
 * Nest's logger interface over pino: `new Logger('Context').log(...)` anywhere in the gateway ends up
 * here. Context, extra objects and error stacks become fields; secrets are removed on the way.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, true);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params, true);
  }

  /** Nest passes its level list; the least severe one decides pino's level. */
  setLogLevels(levels: NestLogLevel[]): void {
    const order: NestLogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((l) => levels.includes(l));
    this.pino.level = lowest ? PINO_LEVEL[lowest] : 'silent';
  }

  private write(level: Level, message: unknown, params: unknown[], withStack = false): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const args = params.filter((p) => p !== undefined);
    // Nest appends the context as the last string; `error(message, stack, context)` puts a stack before it.
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (withStack && typeof args[0] === 'string' && /\n\s+at /.test(args[0])) fields.err = { stack: args.shift() };
    for (const extra of args) {
      if (extra instanceof Error) fields.err = extra;
      else if (extra && typeof extra === 'object') Object.assign(fields, extra);
      else fields.detail = extra;
    }
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, scrubText(message.message));
    } else if (message && typeof message === 'object') {
      this.pino[level]({ ...fields, ...message });
    } else {
      this.pino[level](fields, scrubText(String(message)));
    }
  }
}

/** The gateway's logger for the environment's LOG_LEVEL: JSON lines in production, readable lines otherwise. */
export function createAppLogger(env: { logLevel: LogLevel; isProduction: boolean }, destination?: DestinationStream): AppLogger {
  return new AppLogger(createPino({ level: env.logLevel, json: env.isProduction, destination }));
}

/** The path as requested (before Express strips the mount point), without the query string. */
function pathOf(req: IncomingMessage): string {
  return ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0];
}

/**
 * One `debug` line per finished request (method, path without the query string, status, time and the
 * `x-request-id` the proxy answered with). Never headers or bodies. Mount it only when debug is on:
 * under load it costs.
 */
export function accessLog(logger: Pino): RequestHandler {
  return pinoHttp({
    logger: logger.child({ context: 'HTTP' }),
    useLevel: 'debug',
    quietReqLogger: true,
    genReqId: (req: IncomingMessage) => (req as { id?: string }).id ?? '-',
    customAttributeKeys: { reqId: 'httpReqId' },
    customProps: (_req: IncomingMessage, res: ServerResponse) => {
      const requestId = sentHeader(res, 'x-request-id');
      return requestId ? { requestId } : {};
    },
    serializers: {
      req: (req: { method?: string; raw?: IncomingMessage }) => ({ method: req.method, path: req.raw ? pathOf(req.raw) : undefined }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customSuccessMessage: (req, res, ms) => `${req.method} ${pathOf(req)} ${res.statusCode} ${ms} ms`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
  });
}
