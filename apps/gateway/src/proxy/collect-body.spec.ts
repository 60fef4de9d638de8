import { PassThrough } from 'node:stream';
import { collectBody } from './collect-body';

describe('collectBody', () => {
  it('resolves with every byte once the stream ends', async () => {
    const stream = new PassThrough();
    const collected = collectBody(stream, 100);
    stream.write('{"a":');
    stream.end('1}');
    await expect(collected).resolves.toEqual({ body: Buffer.from('{"a":1}'), over: false });
  });

  it('stops taking data past the limit and says so', async () => {
    const stream = new PassThrough();
    const collected = collectBody(stream, 4);
    stream.write('abc');
    stream.write('def');
    await expect(collected).resolves.toEqual({ body: Buffer.from('abc'), over: true });
    expect(stream.listenerCount('data')).toBe(0);
    stream.destroy();
  });

  it('rejects when the stream closes before its end, or fails', async () => {
    const closed = new PassThrough();
    const early = collectBody(closed, 100);
    closed.write('ab');
    closed.destroy();
    await expect(early).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });

    const failing = new PassThrough();
    const failed = collectBody(failing, 100);
    failing.destroy(new Error('boom'));
    await expect(failed).rejects.toThrow('boom');
  });

  it('ignores what the stream does once settled: its close after the end, a later error', async () => {
    const stream = new PassThrough();
    const collected = collectBody(stream, 100);
    stream.end('x');
    await expect(collected).resolves.toEqual({ body: Buffer.from('x'), over: false });
    // The listeners stay (removing them cost more than they ever do); they only note the stream is done.
    expect(() => stream.emit('close')).not.toThrow();
    expect(() => stream.emit('error', new Error('after the end'))).not.toThrow();
    await expect(collected).resolves.toEqual({ body: Buffer.from('x'), over: false });
  });
});
