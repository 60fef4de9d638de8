import { createHash } from 'node:crypto';
import { errorReply, requireFields } from './openai-errors';
import { FAKE_CREATED, contentText, countTokens, positiveIntField, stringField } from './text';
import type { HandlerContext, Reply } from './types';

/** Models `GET /v1/models` always lists; `start({ models })` adds more. */
export const DEFAULT_MODELS: readonly string[] = [
  'gpt-4o-mini',
  'gpt-4o',
  'text-embedding-3-small',
  'omni-moderation-latest',
  'gpt-image-1',
  'tts-1',
];

/** Dimension of embedding vectors unless the request asks for `dimensions`. */
export const EMBEDDING_DIMENSIONS = 8;

function modelObject(id: string): Record<string, unknown> {
  return { id, object: 'model', created: FAKE_CREATED, owned_by: 'fake' };
}

/** `GET /v1/models`. */
export function listModels(ctx: HandlerContext): Reply {
  return { type: 'json', status: 200, body: { object: 'list', data: ctx.models.map(modelObject) } };
}

/** `GET /v1/models/{id}`. */
export function retrieveModel(ctx: HandlerContext): Reply {
  const id = decodeURIComponent(ctx.params[0] ?? '');
  if (!ctx.models.includes(id)) {
    return errorReply(404, `The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found', 'model');
  }
  return { type: 'json', status: 200, body: modelObject(id) };
}

/** Each embedding input as text (token-id inputs become their ids joined) with its token count. */
function embeddingInputs(input: unknown): { text: string; tokens: number }[] {
  if (typeof input === 'string') return [{ text: input, tokens: countTokens(input) }];
  if (!Array.isArray(input) || input.length === 0) return [];
  if (input.every((i) => typeof i === 'number')) return [{ text: input.join(','), tokens: input.length }];
  return input.map((i: unknown) =>
    Array.isArray(i) ? { text: i.join(','), tokens: i.length } : { text: String(i), tokens: countTokens(String(i)) },
  );
}

/** A unit vector derived from the text's hash: same text, same vector. Values are float32-exact. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const raw: number[] = [];
  for (let round = 0; raw.length < dimensions; round++) {
    const hash = createHash('sha256').update(`${round}:${text}`).digest();
    for (let i = 0; i + 4 <= hash.length && raw.length < dimensions; i += 4) {
      raw.push((hash.readUInt32LE(i) / 0xffffffff) * 2 - 1);
    }
  }
  const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0)) || 1;
  return raw.map((v) => Math.fround(v / norm));
}

function toBase64Float32(vector: number[]): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString('base64');
}

/** `POST /v1/embeddings`; honours `dimensions` and `encoding_format: 'base64'` (the openai SDK's default). */
export function embeddings(ctx: HandlerContext): Reply {
  const invalid = requireFields(ctx.body, ['model', 'input']);
  if (invalid) return invalid;
  const inputs = embeddingInputs(ctx.body.input);
  if (inputs.length === 0) {
    return errorReply(400, "'input' must be a non-empty string or array.", 'invalid_request_error', null, 'input');
  }
  const dimensions = positiveIntField(ctx.body, 'dimensions') ?? EMBEDDING_DIMENSIONS;
  const base64 = ctx.body.encoding_format === 'base64';
  const tokens = inputs.reduce((n, i) => n + i.tokens, 0);
  return {
    type: 'json',
    status: 200,
    body: {
      object: 'list',
      data: inputs.map((input, index) => {
        const vector = fakeEmbedding(input.text, dimensions);
        return { object: 'embedding', index, embedding: base64 ? toBase64Float32(vector) : vector };
      }),
      model: String(ctx.body.model),
      ...(ctx.omitUsage ? {} : { usage: { prompt_tokens: tokens, total_tokens: tokens } }),
    },
  };
}

const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];

/** `POST /v1/moderations`: nothing is ever flagged. */
export function moderations(ctx: HandlerContext): Reply {
  const invalid = requireFields(ctx.body, ['input']);
  if (invalid) return invalid;
  const input = ctx.body.input;
  const count = Array.isArray(input) && input.some((i) => typeof i === 'string') ? input.length : 1;
  const flags = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, false]));
  const scores = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, 0]));
  const types = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, ['text']]));
  return {
    type: 'json',
    status: 200,
    body: {
      id: `modr-fake${ctx.seq}`,
      model: stringField(ctx.body, 'model') ?? 'omni-moderation-latest',
      results: Array.from({ length: count }, () => ({
        flagged: false,
        categories: flags,
        category_scores: scores,
        category_applied_input_types: types,
      })),
    },
  };
}

/** A 1x1 transparent PNG. */
export const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** `POST /v1/images/generations`: `n` copies of a tiny PNG (a data URL when `response_format: 'url'`). */
export function imageGenerations(ctx: HandlerContext): Reply {
  const invalid = requireFields(ctx.body, ['prompt']);
  if (invalid) return invalid;
  const n = Math.min(positiveIntField(ctx.body, 'n') ?? 1, 10);
  const asUrl = ctx.body.response_format === 'url';
  const image = asUrl ? { url: `data:image/png;base64,${TINY_PNG_BASE64}` } : { b64_json: TINY_PNG_BASE64 };
  const promptTokens = countTokens(contentText(ctx.body.prompt));
  return {
    type: 'json',
    status: 200,
    body: {
      created: FAKE_CREATED,
      data: Array.from({ length: n }, () => ({ ...image, revised_prompt: ctx.body.prompt })),
      ...(ctx.omitUsage
        ? {}
        : {
            usage: {
              input_tokens: promptTokens,
              input_tokens_details: { text_tokens: promptTokens, image_tokens: 0 },
              output_tokens: 0,
              total_tokens: promptTokens,
            },
          }),
    },
  };
}

/** `POST /v1/audio/speech`: a few `audio/mpeg` bytes (an ID3 tag and one frame header) that vary with the input. */
export function audioSpeech(ctx: HandlerContext): Reply {
  const invalid = requireFields(ctx.body, ['model', 'input', 'voice']);
  if (invalid) return invalid;
  const digest = createHash('sha256').update(String(ctx.body.input)).digest();
  const id3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
  const frameHeader = Buffer.from([0xff, 0xfb, 0x90, 0x64]);
  return {
    type: 'bytes',
    status: 200,
    contentType: 'audio/mpeg',
    data: Buffer.concat([id3, frameHeader, digest]),
  };
}
