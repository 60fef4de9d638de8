import { answerOnce } from '@switchyard/testing';
import type { ServerResponse } from 'node:http';
import { InFlight } from './in-flight';

/** What `endAll` touches on a response. */
function fakeResponse(contentType: string | null, headersSent = true) {
  const res = {
    written: [] as string[],
    destroyed: false,
    headersSent,
    writableEnded: false,
    getHeader: (name: string) => (name === 'content-type' ? (contentType ?? undefined) : undefined),
    write(chunk: string, flushed?: () => void) {
      this.written.push(chunk);
      flushed?.();
      return true;
    },
    destroy() {
      this.destroyed = true;
    },
  };
  return res;
}
const asResponse = (res: ReturnType<typeof fakeResponse>) => res as unknown as ServerResponse;

describe('InFlight', () => {
  it('counts responses from add to done, reusing freed slots', () => {
    const inFlight = new InFlight();
    const a = inFlight.add(asResponse(fakeResponse(null)));
    const b = inFlight.add(asResponse(fakeResponse(null)));
    expect(a).not.toBe(b);
    expect(inFlight.count).toBe(2);
    inFlight.done(a);
    expect(inFlight.count).toBe(1);
    expect(inFlight.add(asResponse(fakeResponse(null)))).toBe(a);
    expect(inFlight.count).toBe(2);
  });

  it('ignores a second done for the same slot', () => {
    const inFlight = new InFlight();
    const a = inFlight.add(asResponse(fakeResponse(null)));
    inFlight.add(asResponse(fakeResponse(null)));
    inFlight.done(a);
    inFlight.done(a);
    expect(inFlight.count).toBe(1);
  });

  it('resolves idle when the last response is done, or false at the timeout', async () => {
    const inFlight = new InFlight();
    await expect(inFlight.idle(10)).resolves.toBe(true);
    const slot = inFlight.add(asResponse(fakeResponse(null)));
    await expect(inFlight.idle(20)).resolves.toBe(false);
    const idle = inFlight.idle(5_000);
    inFlight.done(slot);
    await expect(idle).resolves.toBe(true);
  });

  it('ends only the open responses, with a final event on streams', () => {
    const inFlight = new InFlight();
    const stream = fakeResponse('text/event-stream');
    const json = fakeResponse('application/json');
    const finished = fakeResponse('application/json');
    inFlight.add(asResponse(stream));
    inFlight.done(inFlight.add(asResponse(finished)));
    inFlight.add(asResponse(json));

    expect(inFlight.endAll()).toBe(2);
    expect(stream.destroyed).toBe(true);
    expect(stream.written).toHaveLength(1);
    expect(stream.written[0]).toMatch(/^event: error\ndata: .*"code":"server_shutting_down"/);
    expect(json.destroyed).toBe(true);
    expect(json.written).toEqual([]);
    expect(finished.destroyed).toBe(false);
  });

  it('knows a real stream whose head was written as a header list, as the proxy writes it', async () => {
    const inFlight = new InFlight();
    const received = await answerOnce((_req, res) => {
      res.writeHead(200, ['content-type', 'text/event-stream; charset=utf-8', 'x-request-id', 'req_1']);
      res.write('data: {}\n\n', () => inFlight.endAll());
      inFlight.add(res);
    });
    expect(received).toMatch(/^data: \{\}\n\nevent: error\ndata: .*"code":"server_shutting_down"/);
  });
});
