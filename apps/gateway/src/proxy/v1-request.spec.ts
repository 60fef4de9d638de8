import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { clientIp } from '../core/http-setup';
import { ProxyError } from './openai-error';
import { v1Route } from './proxy.handler';
import { readJsonBody } from './request-body';

function fakeRequest(headers: Record<string, string>, remoteAddress = '10.0.0.9'): IncomingMessage & PassThrough {
  return Object.assign(new PassThrough(), { headers, socket: { remoteAddress } }) as unknown as IncomingMessage & PassThrough;
}

describe('v1Route', () => {
  it.each([
    ['/v1/chat/completions', 'chat/completions'],
    ['/v1/chat/completions?x=1', 'chat/completions'],
    ['/v1//models/gpt-4o/', 'models/gpt-4o'],
    ['/v1', ''],
    ['/v1?x', ''],
  ])('%s → %s', (url, route) => expect(v1Route(url)).toBe(route));
});

describe('clientIp (as Express req.ip with trust proxy 1 or off)', () => {
  it('is the socket peer without TRUST_PROXY, whatever X-Forwarded-For says', () => {
    expect(clientIp(fakeRequest({ 'x-forwarded-for': '1.2.3.4' }), false)).toBe('10.0.0.9');
  });

  it('is the last X-Forwarded-For hop behind the one trusted proxy', () => {
    expect(clientIp(fakeRequest({ 'x-forwarded-for': '1.2.3.4, 5.6.7.8 ' }), true)).toBe('5.6.7.8');
    expect(clientIp(fakeRequest({ 'x-forwarded-for': '1.2.3.4' }), true)).toBe('1.2.3.4');
    expect(clientIp(fakeRequest({}), true)).toBe('10.0.0.9');
  });
});

describe('readJsonBody', () => {
  it('parses a body sent in several chunks', async () => {
    const req = fakeRequest({});
    const body = readJsonBody(req, 1);
    req.write('{"model":');
    req.end('"chat"}');
    const parsed = await body;
    expect(Object.keys(parsed)).toEqual(['model']);
    expect(parsed.model).toBe('chat');
  });

  it('refuses a chunked body past the limit with 413 without reading the rest', async () => {
    const req = fakeRequest({});
    const body = readJsonBody(req, 1);
    req.write(Buffer.alloc(1024 * 1024 + 1, 0x20));
    await expect(body).rejects.toMatchObject({ status: 413 });
    expect(req.isPaused()).toBe(true);
  });

  it('fails with 499 when the client goes before the end of the body', async () => {
    const req = fakeRequest({});
    const body = readJsonBody(req, 1);
    req.write('{"model":');
    req.destroy();
    const err = (await body.catch((e: unknown) => e)) as ProxyError;
    expect(err).toBeInstanceOf(ProxyError);
    expect(err).toMatchObject({ status: 499, type: 'client_closed_request' });
  });

  it('refuses malformed JSON and non-objects with 400', async () => {
    for (const text of ['{"model":', '[1,2]']) {
      const req = fakeRequest({});
      const body = readJsonBody(req, 1);
      req.end(text);
      await expect(body).rejects.toMatchObject({ status: 400 });
    }
  });
});
