import { finishReasonOf, openAiUsageOf } from './anthropic-response';
import { StreamContext, StreamTranslator } from './types';

type Json = Record<string, unknown>;

function event(value: unknown): string {
  return `data: ${JSON.stringify(value)}`;
}

/**
 * Anthropic Messages stream → OpenAI `chat.completion.chunk` events, one upstream event at a time:
 * `message_start` → the role chunk, text deltas → `content` deltas, a `tool_use` block → a tool call
 * (its id and name first, then `input_json_delta` pieces as `arguments`), `message_delta` → the
 * `finish_reason` chunk, `message_stop` → the usage-only chunk (when asked for) and `[DONE]`.
 */
export class AnthropicStreamTranslator implements StreamTranslator {
  private id = 'chatcmpl-anthropic';
  private model = '';
  private readonly created = Math.floor(Date.now() / 1000);
  private startUsage: Json = {};
  private outputTokens = 0;
  /** Anthropic content block index → OpenAI tool call index. */
  private readonly toolIndex = new Map<number, number>();
  private done = false;

  constructor(private readonly context: StreamContext) {}

  push(data: string): string[] {
    let e: Json;
    try {
      e = JSON.parse(data) as Json;
    } catch {
      return [];
    }
    switch (e.type) {
      case 'message_start':
        return this.start(e.message as Json | undefined);
      case 'content_block_start':
        return this.blockStart(Number(e.index), e.content_block as Json | undefined);
      case 'content_block_delta':
        return this.blockDelta(Number(e.index), e.delta as Json | undefined);
      case 'message_delta': {
        const usage = e.usage as Json | undefined;
        if (typeof usage?.output_tokens === 'number') this.outputTokens = usage.output_tokens;
        const delta = e.delta as Json | undefined;
        return [this.chunk({}, finishReasonOf(delta?.stop_reason) ?? 'stop')];
      }
      case 'message_stop':
        return this.finish();
      case 'error': {
        // OpenAI streams report a failure as an event carrying `error`; SDKs raise it.
        const error = (e.error ?? {}) as Json;
        this.done = true;
        return [
          event({
            error: { message: error.message ?? 'Upstream stream error', type: error.type ?? 'upstream_error', param: null, code: null },
          }),
        ];
      }
      default:
        // ping, content_block_stop, and event types added later
        return [];
    }
  }

  /** Nothing is held back: everything was sent as it arrived. A cut stream gets no `[DONE]`. */
  flush(): string[] {
    return [];
  }

  private start(message: Json | undefined): string[] {
    if (typeof message?.id === 'string') this.id = message.id;
    if (typeof message?.model === 'string') this.model = message.model;
    this.startUsage = (message?.usage as Json | undefined) ?? {};
    if (typeof this.startUsage.output_tokens === 'number') this.outputTokens = this.startUsage.output_tokens;
    return [this.chunk({ role: 'assistant', content: '' }, null)];
  }

  private blockStart(index: number, block: Json | undefined): string[] {
    if (block?.type === 'text' && typeof block.text === 'string' && block.text !== '') return [this.chunk({ content: block.text }, null)];
    if (block?.type !== 'tool_use') return [];
    const toolIndex = this.toolIndex.size;
    this.toolIndex.set(index, toolIndex);
    return [
      this.chunk(
        { tool_calls: [{ index: toolIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] },
        null,
      ),
    ];
  }

  private blockDelta(index: number, delta: Json | undefined): string[] {
    if (delta?.type === 'text_delta' && typeof delta.text === 'string') return [this.chunk({ content: delta.text }, null)];
    if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string' && delta.partial_json !== '') {
      const toolIndex = this.toolIndex.get(index);
      if (toolIndex === undefined) return [];
      return [this.chunk({ tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json } }] }, null)];
    }
    // thinking and signature deltas have no chat/completions equivalent
    return [];
  }

  private finish(): string[] {
    if (this.done) return [];
    this.done = true;
    const out: string[] = [];
    if (this.context.includeUsage) {
      const usage = openAiUsageOf({ ...this.startUsage, output_tokens: this.outputTokens });
      out.push(event({ ...this.base(), choices: [], usage }));
    }
    out.push('data: [DONE]');
    return out;
  }

  private base(): Json {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
  }

  private chunk(delta: Json, finishReason: string | null): string {
    return event({ ...this.base(), choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  }
}
