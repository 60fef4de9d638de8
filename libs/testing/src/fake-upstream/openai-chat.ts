import { requireFields } from './openai-errors';
import { DONE_EVENT, jsonEvent } from './sse';
import { FAKE_CREATED, contentText, countTokens, echo, isObject, objectArray, positiveIntField, truncateWords, wordPieces } from './text';
import type { HandlerContext, JsonObject, Reply, SseEvent } from './types';

const FINGERPRINT = 'fp_fake';

/** Token usage in the shape of chat and legacy completions. */
interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** What both completion endpoints share once the request is understood. */
interface Answer {
  id: string;
  object: 'chat.completion' | 'text_completion';
  model: string;
  text: string;
  finishReason: 'stop' | 'length';
  usage: CompletionUsage | undefined;
  stream: boolean;
  includeUsage: boolean;
  endless: boolean;
}

function usageOf(promptTokens: number, completionTokens: number): CompletionUsage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

function answerFor(ctx: HandlerContext, prompt: string, promptTokens: number): Omit<Answer, 'id' | 'object'> {
  const { body } = ctx;
  const max = positiveIntField(body, 'max_completion_tokens') ?? positiveIntField(body, 'max_tokens');
  const { text, truncated } = truncateWords(echo(prompt), ctx.endless ? undefined : max);
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  return {
    model: String(body.model),
    text,
    finishReason: truncated ? 'length' : 'stop',
    usage: ctx.omitUsage ? undefined : usageOf(promptTokens, countTokens(text)),
    stream: body.stream === true || ctx.forceStream,
    includeUsage: streamOptions.include_usage === true,
    endless: ctx.endless,
  };
}

/** `POST /v1/chat/completions`: answers `Echo: <last user message>`. */
export function chatCompletions(ctx: HandlerContext): Reply {
  const invalid = requireFields(ctx.body, ['model', 'messages']);
  if (invalid) return invalid;
  const messages = objectArray(ctx.body.messages);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const promptTokens = messages.reduce((n, m) => n + countTokens(contentText(m.content)), 0);
  const answer: Answer = {
    id: `chatcmpl-fake${ctx.seq}`,
    object: 'chat.completion',
    ...answerFor(ctx, lastUser ? contentText(lastUser.content) : '', promptTokens),
  };
  if (answer.stream) return { type: 'sse', events: chatChunks(answer) };
  return {
    type: 'json',
    status: 200,
    body: {
      id: answer.id,
      object: 'chat.completion',
      created: FAKE_CREATED,
      model: answer.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: answer.text, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: answer.finishReason,
        },
      ],
      ...(answer.usage ? { usage: answer.usage } : {}),
      service_tier: 'default',
      system_fingerprint: FINGERPRINT,
    },
  };
}

function* chatChunks(a: Answer): Generator<SseEvent> {
  const base = {
    id: a.id,
    object: 'chat.completion.chunk',
    created: FAKE_CREATED,
    model: a.model,
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
  // Like OpenAI: with include_usage every chunk carries `usage: null` until the usage-only chunk.
  const usageNull = a.includeUsage && a.usage ? { usage: null } : {};
  const chunk = (delta: JsonObject, finishReason: string | null): SseEvent =>
    jsonEvent({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...usageNull });

  yield chunk({ role: 'assistant', content: '', refusal: null }, null);
  for (const piece of wordPieces(a.text, a.endless)) yield chunk({ content: piece }, null);
  yield chunk({}, a.finishReason);
  if (a.includeUsage && a.usage) yield jsonEvent({ ...base, choices: [], usage: a.usage });
  yield DONE_EVENT;
}

/** `prompt` of a legacy completion: a string, strings, or token ids. */
function promptOf(prompt: unknown): { text: string; tokens: number } {
  if (typeof prompt === 'string') return { text: prompt, tokens: countTokens(prompt) };
  if (!Array.isArray(prompt)) return { text: '', tokens: 0 };
  if (prompt.every((p): p is string => typeof p === 'string')) {
    const text = prompt.join(' ');
    return { text, tokens: countTokens(text) };
  }
  const flat: unknown[] = prompt.flat();
  return { text: `${flat.length} tokens`, tokens: flat.length };
}

/** `POST /v1/completions` (legacy text completions): answers `Echo: <prompt>`. */
export function completions(ctx: HandlerContext): Reply {
  const invalid = requireFields(ctx.body, ['model', 'prompt']);
  if (invalid) return invalid;
  const prompt = promptOf(ctx.body.prompt);
  const answer: Answer = {
    id: `cmpl-fake${ctx.seq}`,
    object: 'text_completion',
    ...answerFor(ctx, prompt.text, prompt.tokens),
  };
  if (answer.stream) return { type: 'sse', events: completionChunks(answer) };
  return {
    type: 'json',
    status: 200,
    body: {
      id: answer.id,
      object: 'text_completion',
      created: FAKE_CREATED,
      model: answer.model,
      system_fingerprint: FINGERPRINT,
      choices: [{ text: answer.text, index: 0, logprobs: null, finish_reason: answer.finishReason }],
      ...(answer.usage ? { usage: answer.usage } : {}),
    },
  };
}

function* completionChunks(a: Answer): Generator<SseEvent> {
  const base = { id: a.id, object: 'text_completion', created: FAKE_CREATED, model: a.model, system_fingerprint: FINGERPRINT };
  const usageNull = a.includeUsage && a.usage ? { usage: null } : {};
  const chunk = (text: string, finishReason: string | null): SseEvent =>
    jsonEvent({ ...base, choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }], ...usageNull });

  for (const piece of wordPieces(a.text, a.endless)) yield chunk(piece, null);
  yield chunk('', a.finishReason);
  if (a.includeUsage && a.usage) yield jsonEvent({ ...base, choices: [], usage: a.usage });
  yield DONE_EVENT;
}
