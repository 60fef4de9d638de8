import { answerOnce } from '@switchyard/testing';
import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { RelayResult, relaySse } from './relay';
import { UpstreamBody } from './upstream-client';

const event = (json: object) => `data: ${JSON.stringify(json)}\n\n`;
const delta = (content: string) => event({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] });
const USAGE = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 };
const USAGE_ONLY = event({ object: 'chat.completion.chunk', choices: [], usage: USAGE });
const STREAM = [delta('Grüße '), delta('🚀 to'), delta(' you'), USAGE_ONLY, 'data: [DONE]\n\n'];
const UPSTREAM = Buffer.from(STREAM.join(''), 'utf8');
/** What the client must get: every byte but the usage-only chunk, which it did not ask for. */
const EXPECTED = STREAM.filter((e) => e !== USAGE_ONLY).join('');

/** A controller that does what undici's would for a body fed by hand. */
const controller = { pause: () => undefined, resume: () => undefined, abort: () => undefined } as unknown as Dispatcher.DispatchController;

/** Relays the SSE `body` of a 200 to `res`, for a client that did not ask for usage. */
const relayTo = (res: ServerResponse, body: UpstreamBody): Promise<RelayResult> =>
  relaySse({
    res,
    head: [],
    upstream: { statusCode: 200, headers: { 'content-type': 'text/event-stream' }, body },
    startedAt: performance.now(),
    timeoutMs: 1_000,
    stripUsageChunk: true,
    clientGone: () => false,
    captureBytes: 0,
  });

/**
 * Relays `chunks` (the upstream answer cut as given, all in one tick) to a real HTTP client; returns what
 * it received, the relay's result and how many writes the answer took on the socket.
 */
async function relay(chunks: Buffer[]): Promise<{ received: string; result: RelayResult; socketWrites: number }> {
  let result!: Promise<RelayResult>;
  let socketWrites = 0;
  const received = await answerOnce((_req, res) => {
    const socket = res.socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
    for (const name of ['_write', '_writev'] as const) {
      const write = socket[name].bind(socket);
      socket[name] = (...args) => {
        socketWrites++;
        write(...args);
      };
    }
    const body = new UpstreamBody(controller);
    result = relayTo(res, body);
    for (const chunk of chunks) body.push(chunk);
    body.finish();
  });
  return { received, result: await result, socketWrites };
}

describe('relaySse', () => {
  it('forwards whole-event chunks as they came and drops only the usage-only chunk', async () => {
    const { received, result } = await relay(STREAM.map((e) => Buffer.from(e, 'utf8')));
    expect(received).toBe(EXPECTED);
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 3, totalTokens: 8 });
    expect(result.ttftMs).not.toBeNull();
  });

  it('sends the head, the events that came with it and the end of the answer in one write', async () => {
    const { received, socketWrites } = await relay(STREAM.map((e) => Buffer.from(e, 'utf8')));
    expect(received).toBe(EXPECTED);
    expect(socketWrites).toBe(1);
  });

  it('sends the head at once when the upstream has sent no event yet', async () => {
    const body = new UpstreamBody(controller);
    let result!: Promise<RelayResult>;
    // The upstream sends its events once the client has the head, or after a second without it.
    let headFirst: boolean | undefined;
    const feed = (afterHead: boolean) => {
      if (headFirst !== undefined) return;
      headFirst = afterHead;
      for (const e of STREAM) body.push(Buffer.from(e, 'utf8'));
      body.finish();
    };
    const received = await answerOnce(
      (_req, res) => {
        result = relayTo(res, body);
        setTimeout(() => feed(false), 1_000);
      },
      () => feed(true),
    );
    expect(headFirst).toBe(true);
    expect(received).toBe(EXPECTED);
    expect((await result).usage?.totalTokens).toBe(8);
  });

  it('parses only the events that matter when every chunk carries "usage": null (OpenAI with include_usage)', async () => {
    const withNull = (content: string) =>
      event({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }], usage: null });
    const stream = [withNull('one'), withNull(' two'), withNull(' three'), USAGE_ONLY, 'data: [DONE]\n\n'];
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const { received, result } = await relay(stream.map((e) => Buffer.from(e, 'utf8')));
      expect(received).toBe(stream.filter((e) => e !== USAGE_ONLY).join(''));
      expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 3, totalTokens: 8 });
      // The first event (time to first token) and the usage chunk; not the text chunks in between.
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('counts the generated text for the estimate when no usage comes, over whole chunks and cut ones', async () => {
    // Past PENDING_TEXT_CHARS (32 K) of kept text the relay counts what it kept so far: 400 chunks of ~190 bytes.
    const words = Array.from({ length: 400 }, (_, i) => `word ${i} ü🚀 `);
    const stream = [...words.map(delta), 'data: [DONE]\n\n'];
    const whole = await relay(stream.map((e) => Buffer.from(e, 'utf8')));
    expect(whole.received).toBe(stream.join(''));
    expect(whole.result.usage).toBeNull();
    expect(whole.result.completionChars).toBe(words.join('').length);
    // The same bytes cut in two inside an event: the parser's path, the same count.
    const bytes = Buffer.from(stream.join(''), 'utf8');
    const cut = await relay([bytes.subarray(0, 1001), bytes.subarray(1001)]);
    expect(cut.received).toBe(stream.join(''));
    expect(cut.result.completionChars).toBe(words.join('').length);
  });

  it('sends every byte once, whatever the cuts: inside events, inside a character, then whole chunks again', async () => {
    for (let cut = 1; cut < UPSTREAM.length; cut++) {
      const { received, result } = await relay([UPSTREAM.subarray(0, cut), UPSTREAM.subarray(cut)]);
      expect({ cut, received }).toEqual({ cut, received: EXPECTED });
      expect(result.usage?.totalTokens).toBe(8);
    }
    // A cut inside the first event, then the rest event by event (back on boundaries).
    const first = Buffer.from(STREAM[0], 'utf8');
    const rest = STREAM.slice(1).map((e) => Buffer.from(e, 'utf8'));
    expect((await relay([first.subarray(0, 9), first.subarray(9), ...rest])).received).toBe(EXPECTED);
  });
});
