/**
 * The benchmark's upstream: a plain `node:http` server with fixed answers, so that it costs as little
 * as possible and the same for every target. Unlike `@switchyard/testing`'s FakeUpstream it records
 * nothing and parses no JSON. Run as a child process: prints `LISTENING <port>` on stdout.
 *
 * - `POST …/chat/completions`: a ~500-byte `chat.completion` with usage; when the body holds
 *   `"stream":true`, an SSE stream of 20 content chunks (one every `STREAM_GAP_MS`, 1 ms by default),
 *   a usage-only chunk and `[DONE]`, as OpenAI streams with `stream_options.include_usage` (which the
 *   gateway always asks for): every chunk before the usage-only one has `"usage":null`.
 * - `POST …/embeddings`: one 1 536-dimension embedding with usage (~13 KB, like the real API).
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const CREATED = 1_700_000_000;
const CHAT = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000000',
    object: 'chat.completion',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'A gateway adds latency to every call, so we measure it against a bare pass-through on the same machine.',
          refusal: null,
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 42,
      completion_tokens: 24,
      total_tokens: 66,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
    system_fingerprint: 'fp_bench',
  }),
);

const chunk = (delta: object, finish: string | null) =>
  Buffer.from(
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench0000000000000000000000',
      object: 'chat.completion.chunk',
      created: CREATED,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    })}\n\n`,
  );
const STREAM_CHUNKS: Buffer[] = Array.from({ length: 20 }, (_, i) =>
  i === 0 ? chunk({ role: 'assistant', content: 'Token ' }, null) : i === 19 ? chunk({}, 'stop') : chunk({ content: `t${i} ` }, null),
);
const STREAM_TAIL = Buffer.from(
  `data: ${JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000000',
    object: 'chat.completion.chunk',
    created: CREATED,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [],
    usage: { prompt_tokens: 42, completion_tokens: 19, total_tokens: 61 },
  })}\n\ndata: [DONE]\n\n`,
);

let seed = 1;
const EMBEDDING = Buffer.from(
  JSON.stringify({
    object: 'list',
    data: [
      {
        object: 'embedding',
        index: 0,
        embedding: Array.from({ length: 1536 }, () => {
          seed = (seed * 16807) % 2147483647;
          return Math.round((seed / 2147483647 - 0.5) * 1e6) / 1e7;
        }),
      },
    ],
    model: 'text-embedding-3-small',
    usage: { prompt_tokens: 12, total_tokens: 12 },
  }),
);

const STREAM_MARK = Buffer.from('"stream":true');

function sendJson(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

function sendStream(res: ServerResponse, gapMs: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    res.write(STREAM_CHUNKS[i++]);
    if (i < STREAM_CHUNKS.length) setTimeout(next, gapMs);
    else res.end(STREAM_TAIL);
  };
  next();
}

/** Starts the server on 127.0.0.1 (port 0 = any free one) and resolves with its port. */
export function startFastUpstream(port = 0, gapMs = 1): Promise<number> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method === 'POST' && url.endsWith('/chat/completions')) {
        const body = parts.length === 1 ? parts[0] : Buffer.concat(parts);
        if (body.includes(STREAM_MARK)) sendStream(res, gapMs);
        else sendJson(res, CHAT);
      } else if (req.method === 'POST' && url.endsWith('/embeddings')) {
        sendJson(res, EMBEDDING);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"not found","type":"invalid_request_error","param":null,"code":null}}');
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

if (require.main === module) {
  startFastUpstream(0, Number(process.env.STREAM_GAP_MS ?? 1)).then(
    (port) => process.stdout.write(`LISTENING ${port}\n`),
    (err: unknown) => {
      process.stderr.write(`fast upstream failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
