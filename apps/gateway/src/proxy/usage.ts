import type { ProxyEndpoint, Usage } from '@switchyard/providers';

type Json = Record<string, unknown>;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
}

/** Usage from an OpenAI-shaped object: chat/completions/embeddings (`prompt_tokens`) or responses (`input_tokens`). */
export function usageFrom(value: unknown): Usage | null {
  if (!value || typeof value !== 'object') return null;
  const u = value as Json;
  const prompt = num(u.prompt_tokens) ?? num(u.input_tokens);
  const completion = num(u.completion_tokens) ?? num(u.output_tokens) ?? 0;
  if (prompt === null) return null;
  return { promptTokens: prompt, completionTokens: completion, totalTokens: num(u.total_tokens) ?? prompt + completion };
}

/** Roughly four characters a token: used only when the upstream reports no usage. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** The text a request sends to the model, for estimating prompt tokens. */
export function promptText(endpoint: ProxyEndpoint, body: Json): string {
  switch (endpoint) {
    case 'chat/completions':
      return JSON.stringify(body.messages ?? '');
    case 'responses':
      return JSON.stringify(body.input ?? '') + (typeof body.instructions === 'string' ? body.instructions : '');
    case 'completions':
    case 'embeddings':
    case 'moderations':
      return JSON.stringify(body.prompt ?? body.input ?? '');
    case 'images/generations':
      return typeof body.prompt === 'string' ? body.prompt : '';
    case 'audio/speech':
      return typeof body.input === 'string' ? body.input : '';
  }
}

/** Generated text in a non-stream answer, for estimating completion tokens. */
export function completionText(body: Json): string {
  const choices = Array.isArray(body.choices) ? (body.choices as Json[]) : [];
  let text = '';
  for (const c of choices) {
    const message = c.message as Json | undefined;
    if (typeof message?.content === 'string') text += message.content;
    if (typeof c.text === 'string') text += c.text;
  }
  if (typeof body.output_text === 'string') text += body.output_text;
  return text;
}

/** Generated text carried by one streamed event (chat/completions delta, legacy text, responses delta). */
export function deltaText(event: Json): string {
  if (event.type === 'response.output_text.delta' && typeof event.delta === 'string') return event.delta;
  const choices = Array.isArray(event.choices) ? (event.choices as Json[]) : [];
  let text = '';
  for (const c of choices) {
    const delta = c.delta as Json | undefined;
    if (typeof delta?.content === 'string') text += delta.content;
    if (typeof c.text === 'string') text += c.text;
  }
  return text;
}

/** Usage carried by one streamed event: a chat/completions usage chunk, or responses' `response.completed`. */
export function streamedUsage(event: Json): Usage | null {
  if (typeof event.type === 'string' && event.type.startsWith('response.')) {
    const response = event.response as Json | undefined;
    return response ? usageFrom(response.usage) : null;
  }
  return usageFrom(event.usage);
}

/** A usage-only chunk (what `include_usage` adds): no choices, just usage. */
export function isUsageOnlyChunk(event: Json): boolean {
  return Array.isArray(event.choices) && event.choices.length === 0 && event.usage != null;
}

/** Cost in USD from per-million-token prices. */
export function costOf(usage: Usage, inputPricePerMTok: number, outputPricePerMTok: number): number {
  return (usage.promptTokens * inputPricePerMTok + usage.completionTokens * outputPricePerMTok) / 1_000_000;
}
