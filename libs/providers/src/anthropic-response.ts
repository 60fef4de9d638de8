type Json = Record<string, unknown>;

/** Anthropic `stop_reason` → OpenAI `finish_reason`. */
export function finishReasonOf(stopReason: unknown): string | null {
  switch (stopReason) {
    case null:
    case undefined:
      return null;
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn
      return 'stop';
  }
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * Anthropic `usage` → OpenAI's. Cached input is billed as input: it counts in `prompt_tokens`, and
 * cache reads show in `prompt_tokens_details.cached_tokens` like OpenAI reports them.
 */
export function openAiUsageOf(usage: unknown): Json {
  const u = (typeof usage === 'object' && usage !== null ? usage : {}) as Json;
  const cached = count(u.cache_read_input_tokens);
  const prompt = count(u.input_tokens) + count(u.cache_creation_input_tokens) + cached;
  const completion = count(u.output_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(cached > 0 ? { prompt_tokens_details: { cached_tokens: cached } } : {}),
  };
}

/** An Anthropic Messages answer as an OpenAI `chat.completion`. */
export function toChatCompletion(message: Json): Json {
  const blocks = Array.isArray(message.content) ? (message.content as Json[]) : [];
  const text = blocks
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text as string)
    .join('');
  const toolCalls = blocks
    .filter((b) => b.type === 'tool_use')
    .map((b) => ({ id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } }));
  return {
    id: message.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: message.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReasonOf(message.stop_reason),
      },
    ],
    usage: openAiUsageOf(message.usage),
  };
}
