type Json = Record<string, unknown>;

/** Anthropic requires `max_tokens`; used when the client sets no limit. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objects(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** Text of an OpenAI `content`: a string or text parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return objects(content)
    .map((p) => (typeof p.text === 'string' ? p.text : ''))
    .filter((t) => t !== '')
    .join('\n');
}

/** An OpenAI `image_url` part as an Anthropic image block (data URLs become base64 sources). */
function imageBlock(part: Json): Json | null {
  const url = isObject(part.image_url) ? part.image_url.url : part.image_url;
  if (typeof url !== 'string') return null;
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return data
    ? { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } }
    : { type: 'image', source: { type: 'url', url } };
}

/** OpenAI user/assistant `content` as Anthropic content blocks. */
function contentBlocks(content: unknown): Json[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const blocks: Json[] = [];
  for (const part of objects(content)) {
    if (part.type === 'text' && typeof part.text === 'string') blocks.push({ type: 'text', text: part.text });
    else if (part.type === 'image_url') {
      const image = imageBlock(part);
      if (image) blocks.push(image);
    }
  }
  return blocks;
}

function parseArguments(args: unknown): unknown {
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    return JSON.parse(args) as unknown;
  } catch {
    // Anthropic wants an object; keep what the model said rather than failing the whole call
    return { arguments: args };
  }
}

/** One OpenAI message as an Anthropic turn (`null` for system messages, which travel in `system`). */
function turnOf(message: Json): { role: 'user' | 'assistant'; content: Json[] } | null {
  switch (message.role) {
    case 'assistant': {
      const content = contentBlocks(message.content);
      for (const call of objects(message.tool_calls)) {
        const fn = isObject(call.function) ? call.function : {};
        content.push({ type: 'tool_use', id: call.id, name: fn.name, input: parseArguments(fn.arguments) });
      }
      return { role: 'assistant', content };
    }
    case 'tool':
    case 'function':
      return {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: message.tool_call_id ?? message.name, content: textOf(message.content) }],
      };
    case 'system':
    case 'developer':
      return null;
    default:
      return { role: 'user', content: contentBlocks(message.content) };
  }
}

/** OpenAI `tool_choice` → Anthropic's; `parallel_tool_calls: false` rides along. */
function toolChoiceOf(choice: unknown, parallel: unknown): Json | undefined {
  let out: Json | undefined;
  if (choice === 'auto') out = { type: 'auto' };
  else if (choice === 'required') out = { type: 'any' };
  else if (choice === 'none') out = { type: 'none' };
  else if (isObject(choice) && isObject(choice.function)) out = { type: 'tool', name: choice.function.name };
  if (parallel === false) out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return out;
}

/**
 * An OpenAI chat/completions body as an Anthropic Messages body: system messages → `system`, tool
 * calls ⇄ `tool_use`/`tool_result` blocks, consecutive turns of one role merged (Anthropic alternates).
 */
export function toAnthropicMessages(body: Json, model: string, stream: boolean): Json {
  const messages = objects(body.messages);
  const system = messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => textOf(m.content))
    .filter((t) => t !== '')
    .join('\n\n');
  const turns: { role: 'user' | 'assistant'; content: Json[] }[] = [];
  for (const message of messages) {
    const turn = turnOf(message);
    if (!turn) continue;
    const last = turns[turns.length - 1];
    if (last && last.role === turn.role) last.content.push(...turn.content);
    else turns.push(turn);
  }
  const limit = [body.max_completion_tokens, body.max_tokens].find((v) => typeof v === 'number' && v > 0);
  const out: Json = { model, max_tokens: limit ?? ANTHROPIC_DEFAULT_MAX_TOKENS, messages: turns };
  if (system) out.system = system;
  if (typeof body.temperature === 'number') out.temperature = Math.min(body.temperature, 1);
  if (typeof body.top_p === 'number') out.top_p = body.top_p;
  if (typeof body.stop === 'string') out.stop_sequences = [body.stop];
  else if (Array.isArray(body.stop)) out.stop_sequences = body.stop;
  const tools = objects(body.tools).filter((t) => t.type === 'function' && isObject(t.function));
  if (tools.length > 0) {
    out.tools = tools.map((t) => {
      const fn = t.function as Json;
      return {
        name: fn.name,
        ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
        input_schema: isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
      };
    });
  }
  const toolChoice = toolChoiceOf(body.tool_choice, body.parallel_tool_calls);
  if (toolChoice && tools.length > 0) out.tool_choice = toolChoice;
  if (typeof body.user === 'string') out.metadata = { user_id: body.user };
  if (stream) out.stream = true;
  return out;
}
