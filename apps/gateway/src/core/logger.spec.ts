import { Logger } from '@nestjs/common';
import express from 'express';
import request from 'supertest';
import { accessLog, AppLogger, createAppLogger, redact, REDACTED, scrubText } from './logger';
import type { LogLevel } from './env';

/** A logger writing JSON lines into memory. */
function capture(level: LogLevel = 'log'): { logger: AppLogger; lines: () => Record<string, unknown>[]; raw: () => string } {
  let out = '';
  const logger = createAppLogger({ logLevel: level, isProduction: true }, { write: (line: string) => void (out += line) });
  return {
    logger,
    raw: () => out,
    lines: () =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const KEY = 'sk-sy-0123456789abcdefABCDEF';

describe('AppLogger', () => {
  it('writes one JSON object per line with level, time, context and message', () => {
    const { logger, lines } = capture();
    logger.log('listening', 'Bootstrap');
    logger.warn('slow', 'LogWriter');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', context: 'Bootstrap', msg: 'listening', time: expect.any(String), pid: process.pid }),
      expect.objectContaining({ level: 'warn', context: 'LogWriter', msg: 'slow' }),
    ]);
  });

  it('honours LOG_LEVEL: debug lines only when asked for', () => {
    const quiet = capture('warn');
    quiet.logger.log('info line', 'X');
    quiet.logger.debug('debug line', 'X');
    quiet.logger.error('boom', 'X');
    expect(quiet.lines().map((l) => l.msg)).toEqual(['boom']);
    const chatty = capture('verbose');
    chatty.logger.debug('d', 'X');
    chatty.logger.verbose('v', 'X');
    expect(chatty.lines().map((l) => l.level)).toEqual(['debug', 'trace']);
  });

  it("keeps Nest's error(message, stack, context) stack and context", () => {
    const { logger, lines } = capture();
    const err = new Error('kaput');
    logger.error('failed', err.stack, 'Proxy');
    const [line] = lines();
    expect(line).toMatchObject({ level: 'error', context: 'Proxy', msg: 'failed' });
    expect((line.err as { stack: string }).stack).toContain('kaput');
  });

  it('works behind Nest Logger instances (new Logger(context))', () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    try {
      new Logger('Snapshot').warn('reloaded');
    } finally {
      Logger.overrideLogger(true);
    }
    expect(lines()).toEqual([expect.objectContaining({ level: 'warn', context: 'Snapshot', msg: 'reloaded' })]);
  });

  it('never writes secrets: credential headers and key/password/secret fields, at any depth', () => {
    const { logger, raw, lines } = capture();
    logger.log(
      {
        msg: 'call',
        headers: {
          authorization: `Bearer ${KEY}`,
          'x-api-key': KEY,
          cookie: 'switchyard.sid=s%3Aabc',
          'set-cookie': ['a=b'],
          accept: '*/*',
        },
        user: { name: 'app', apiKey: KEY, password: 'hunter2-hunter2', secret: 'shh-very', key: 'k-123', adminPassword: 'p-456' },
        list: [{ secretKey: 'x-789' }],
      },
      'Test',
    );
    const text = raw();
    for (const secret of [KEY, 'hunter2-hunter2', 'shh-very', 'k-123', 'p-456', 'x-789', 's%3Aabc', 'a=b'])
      expect(text).not.toContain(secret);
    const [line] = lines();
    expect(line.headers).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      accept: '*/*',
    });
    expect(line.user).toEqual({
      name: 'app',
      apiKey: REDACTED,
      password: REDACTED,
      secret: REDACTED,
      key: REDACTED,
      adminPassword: REDACTED,
    });
  });

  it('scrubs keys, bearer tokens and URL passwords out of messages and errors', () => {
    const { logger, raw } = capture();
    logger.warn(`refused Bearer ${KEY} for postgres://switchyard:pg-pass-1@db:5432/sy`, 'Test');
    logger.error(new Error(`upstream said: invalid key ${KEY}`));
    const text = raw();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('pg-pass-1');
    expect(text).toContain('postgres://switchyard:[redacted]@db:5432/sy');
    expect(scrubText('x-api-key sk-abcdefghijk')).toBe(`x-api-key sk-${REDACTED}`);
  });

  it('redact() leaves ordinary values alone and summarises non-plain objects', () => {
    expect(redact({ model: 'chat', promptTokens: 3, ok: true, at: null })).toEqual({ model: 'chat', promptTokens: 3, ok: true, at: null });
    expect(redact({ socket: new (class Socket {})() })).toEqual({ socket: '[Socket]' });
  });
});

describe('accessLog', () => {
  it('logs method, path, status and the x-request-id at debug, without headers, query or body', async () => {
    const { logger, raw, lines } = capture('debug');
    const app = express();
    app.use('/v1', accessLog(logger.pino), (_req, res) => {
      res.setHeader('x-request-id', 'req_abc123');
      res.setHeader('set-cookie', 'sid=secret-cookie');
      res.status(200).json({ ok: true });
    });
    await request(app)
      .post(`/v1/chat/completions?api_key=${KEY}`)
      .set('authorization', `Bearer ${KEY}`)
      .set('x-api-key', KEY)
      .set('cookie', 'switchyard.sid=c-999')
      .send({ messages: [{ role: 'user', content: 'private prompt' }] })
      .expect(200);
    const text = raw();
    for (const secret of [KEY, 'c-999', 'secret-cookie', 'private prompt']) expect(text).not.toContain(secret);
    const line = lines().find((l) => l.context === 'HTTP');
    expect(line).toMatchObject({
      level: 'debug',
      requestId: 'req_abc123',
      req: { method: 'POST', path: '/v1/chat/completions' },
      res: { statusCode: 200 },
    });
  });

  it('writes nothing at the default level', async () => {
    const { logger, raw } = capture('log');
    const app = express();
    app.use('/v1', accessLog(logger.pino), (_req, res) => void res.status(204).end());
    await request(app).get('/v1/models').expect(204);
    expect(raw()).toBe('');
  });
});
