import { jsonEvent } from './sse';
import { contentText, countTokens, echo, isObject, objectArray, positiveIntField, truncateWords, wordPieces } from './text';
import type { HandlerContext, JsonObject, Reply, Route, SseEvent } from './types';

/** Anthropic's error body: `{"type":"error","error":{"type","message"}}`. */
function anthropicError(status: number, type: string, message: string): Reply {
  return { type: 'json', status, body: { type: 'error', error: { type, message } } };
}

/** A deterministic value for each property of a tool's `input_schema`. */
function toolInput(schema: unknown, prompt: string): JsonObject {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  const input: JsonObject = {};
  for (const [name, spec] of Object.entries(properties)) {
    const type = isObject(spec) ? spec.type : undefined;
    input[name] = type === 'number' || type === 'integer' ? 42 : type === 'boolean' ? true : prompt;
  }
  return input;
}

/** Text of every block of a message's content (text and tool_result), for token counts. */
function allText(content: unknown): string {
  if (typeof content === 'string') return content;
  return objectArray(content)
    .map((b) => (b.type === 'tool_result' ? contentText(b.content) : typeof b.text === 'string' ? b.text : ''))
    .join(' ');
}

interface Message {
  content: JsonObject[];
  stopReason: 'end_turn' | 'max_tokens' | 'tool_use';
  outputTokens: number;
}

/** The answer: echo the last user text; call a tool when tools are offered; echo a tool result back. */
function answer(ctx: HandlerContext): Message {
  const { body } = ctx;
  const messages = objectArray(body.messages);
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const blocks = typeof last?.content === 'string' ? [{ type: 'text', text: last.content }] : objectArray(last?.content);
  const toolResults = blocks.filter((b) => b.type === 'tool_result');
  const prompt = blocks
    .filter((b) => b.type === 'text')
    .map((b) => String(b.text))
    .join(' ');
  const tools = objectArray(body.tools);
  const choice = isObject(body.tool_choice) ? body.tool_choice : {};
  if (toolResults.length === 0 && tools.length > 0 && choice.type !== 'none') {
    const tool = tools.find((t) => choice.type === 'tool' && t.name === choice.name) ?? tools[0];
    const input = toolInput(tool.input_schema, prompt);
    const text = `Calling ${String(tool.name)}.`;
    return {
      content: [
        { type: 'text', text },
        { type: 'tool_use', id: `toolu_fake${ctx.seq}`, name: tool.name, input },
      ],
      stopReason: 'tool_use',
      outputTokens: countTokens(text) + countTokens(JSON.stringify(input)),
    };
  }
  const source = toolResults.length > 0 ? `tool result: ${toolResults.map((b) => contentText(b.content)).join(' ')}` : prompt;
  const { text, truncated } = truncateWords(echo(source), ctx.endless ? undefined : positiveIntField(body, 'max_tokens'));
  return { content: [{ type: 'text', text }], stopReason: truncated ? 'max_tokens' : 'end_turn', outputTokens: countTokens(text) };
}

/** `POST /v1/messages`: Anthropic's Messages API, non-stream and streamed. */
export function messages(ctx: HandlerContext): Reply {
  const { body, headers } = ctx;
  if (typeof headers['x-api-key'] !== 'string' || headers['x-api-key'] === '') {
    return anthropicError(401, 'authentication_error', 'x-api-key header is required');
  }
  if (typeof headers['anthropic-version'] !== 'string')
    return anthropicError(400, 'invalid_request_error', 'anthropic-version header is required');
  for (const field of ['model', 'max_tokens', 'messages']) {
    if (body[field] === undefined) return anthropicError(400, 'invalid_request_error', `${field}: Field required`);
  }
  const system = typeof body.system === 'string' ? body.system : contentText(body.system);
  const inputTokens = countTokens(system) + objectArray(body.messages).reduce((n, m) => n + countTokens(allText(m.content)), 0);
  const a = answer(ctx);
  const message = {
    id: `msg_fake${ctx.seq}`,
    type: 'message',
    role: 'assistant',
    model: String(body.model),
    content: a.content,
    stop_reason: a.stopReason,
    stop_sequence: null,
    usage: { input_tokens: inputTokens, output_tokens: a.outputTokens },
  };
  if (body.stream === true || ctx.forceStream) return { type: 'sse', events: messageEvents(message, ctx.endless) };
  return { type: 'json', status: 200, body: message };
}

/** Splits a string into pieces of `size` characters (input_json_delta fragments). */
function slices(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function* messageEvents(message: JsonObject & { content: JsonObject[]; usage: JsonObject }, endless: boolean): Generator<SseEvent> {
  const e = (type: string, value: JsonObject): SseEvent => jsonEvent({ type, ...value }, type);
  yield e('message_start', {
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } },
  });
  yield e('ping', {});
  for (const [index, block] of message.content.entries()) {
    if (block.type === 'text') {
      yield e('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const piece of wordPieces(String(block.text), endless))
        yield e('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
    } else {
      yield e('content_block_start', { index, content_block: { ...block, input: {} } });
      yield e('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
      for (const piece of slices(JSON.stringify(block.input), 7)) {
        yield e('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
    }
    yield e('content_block_stop', { index });
  }
  yield e('message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  });
  yield e('message_stop', {});
}

/** Anthropic's routes. */
export const ANTHROPIC_ROUTES: readonly Route[] = [{ method: 'POST', pattern: /^\/v1\/messages$/, handle: messages }];
