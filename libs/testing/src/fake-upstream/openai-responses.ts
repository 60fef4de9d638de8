import { requireFields } from './openai-errors';
import { jsonEvent } from './sse';
import {
  FAKE_CREATED,
  contentText,
  countTokens,
  echo,
  isObject,
  objectArray,
  positiveIntField,
  stringField,
  truncateWords,
  wordPieces,
} from './text';
import type { HandlerContext, JsonObject, Reply, SseEvent } from './types';

/** Token usage in the Responses API shape. */
interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

interface ResponsePlan {
  id: string;
  messageId: string;
  body: JsonObject;
  model: string;
  text: string;
  truncated: boolean;
  usage: ResponseUsage | undefined;
  endless: boolean;
}

/** Input items of a Responses request: a bare string is one user message. */
function inputItems(input: unknown): JsonObject[] {
  return typeof input === 'string' ? [{ role: 'user', content: input }] : objectArray(input);
}

/** `POST /v1/responses`: answers `Echo: <last user input>`. */
export function responses(ctx: HandlerContext): Reply {
  const { body } = ctx;
  const invalid = requireFields(body, ['model']);
  if (invalid) return invalid;
  const items = inputItems(body.input);
  const lastUser = [...items].reverse().find((i) => i.role === 'user');
  const instructions = stringField(body, 'instructions') ?? '';
  const inputTokens = items.reduce((n, i) => n + countTokens(contentText(i.content)), countTokens(instructions));
  const max = ctx.endless ? undefined : positiveIntField(body, 'max_output_tokens');
  const { text, truncated } = truncateWords(echo(lastUser ? contentText(lastUser.content) : ''), max);
  const outputTokens = countTokens(text);
  const plan: ResponsePlan = {
    id: `resp_fake${ctx.seq}`,
    messageId: `msg_fake${ctx.seq}`,
    body,
    model: String(body.model),
    text,
    truncated,
    usage: ctx.omitUsage
      ? undefined
      : {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: inputTokens + outputTokens,
        },
    endless: ctx.endless,
  };
  if (body.stream === true || ctx.forceStream) return { type: 'sse', events: responseEvents(plan) };
  return { type: 'json', status: 200, body: responseObject(plan, 'final') };
}

function messageItem(plan: ResponsePlan, done: boolean): JsonObject {
  return {
    id: plan.messageId,
    type: 'message',
    status: done ? 'completed' : 'in_progress',
    role: 'assistant',
    content: done ? [outputTextPart(plan.text)] : [],
  };
}

function outputTextPart(text: string): JsonObject {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** The Response object, as streamed while in progress or as finally returned. */
function responseObject(plan: ResponsePlan, stage: 'in_progress' | 'final'): JsonObject {
  const final = stage === 'final';
  const status = !final ? 'in_progress' : plan.truncated ? 'incomplete' : 'completed';
  const { body } = plan;
  const response: JsonObject = {
    id: plan.id,
    object: 'response',
    created_at: FAKE_CREATED,
    status,
    background: false,
    error: null,
    incomplete_details: final && plan.truncated ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: plan.model,
    output: final ? [messageItem(plan, true)] : [],
    parallel_tool_calls: true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: isObject(body.text) ? body.text : { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    user: body.user ?? null,
    metadata: isObject(body.metadata) ? body.metadata : {},
  };
  if (final && plan.usage) response.usage = plan.usage;
  else if (!final) response.usage = null;
  return response;
}

/** The Responses streaming events, in the order OpenAI sends them. */
function* responseEvents(plan: ResponsePlan): Generator<SseEvent> {
  let sequence = 0;
  const event = (type: string, fields: JsonObject): SseEvent => jsonEvent({ type, sequence_number: sequence++, ...fields }, type);
  const where = { item_id: plan.messageId, output_index: 0, content_index: 0 };

  yield event('response.created', { response: responseObject(plan, 'in_progress') });
  yield event('response.in_progress', { response: responseObject(plan, 'in_progress') });
  yield event('response.output_item.added', { output_index: 0, item: messageItem(plan, false) });
  yield event('response.content_part.added', { ...where, part: outputTextPart('') });
  for (const delta of wordPieces(plan.text, plan.endless)) {
    yield event('response.output_text.delta', { ...where, delta, logprobs: [] });
  }
  yield event('response.output_text.done', { ...where, text: plan.text, logprobs: [] });
  yield event('response.content_part.done', { ...where, part: outputTextPart(plan.text) });
  yield event('response.output_item.done', { output_index: 0, item: messageItem(plan, true) });
  const final = responseObject(plan, 'final');
  yield event(plan.truncated ? 'response.incomplete' : 'response.completed', { response: final });
}
