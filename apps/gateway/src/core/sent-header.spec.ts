import { answerOnce } from '@switchyard/testing';
import type { ServerResponse } from 'node:http';
import { sentHeader } from './sent-header';

/** Answers one request with `answer`, then hands back what `sentHeader` read on the server side. */
async function readBack(answer: (res: ServerResponse) => void, names: string[]): Promise<(string | undefined)[]> {
  let read: (string | undefined)[] = [];
  await answerOnce((_req, res) => {
    answer(res);
    read = names.map((name) => sentHeader(res, name));
    res.end();
  });
  return read;
}

describe('sentHeader', () => {
  it('reads a header set with setHeader', async () => {
    const read = await readBack(
      (res) => {
        res.setHeader('Content-Type', 'text/event-stream');
        res.writeHead(200);
      },
      ['content-type'],
    );
    expect(read).toEqual(['text/event-stream']);
  });

  it('reads a header written as a list, whatever its case, and nothing for one never written', async () => {
    const read = await readBack(
      (res) => res.writeHead(200, ['X-Request-Id', 'req_1', 'content-type', 'text/event-stream; charset=utf-8']),
      ['x-request-id', 'Content-Type', 'x-other', 'request-id'],
    );
    expect(read).toEqual(['req_1', 'text/event-stream; charset=utf-8', undefined, undefined]);
  });

  it('reads nothing before the head is written', async () => {
    const read = await readBack(() => undefined, ['content-type']);
    expect(read).toEqual([undefined]);
  });
});
