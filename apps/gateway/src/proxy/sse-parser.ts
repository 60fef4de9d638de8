/** One server-sent event as it arrived: its raw text (to forward unchanged) and its joined `data`. */
export interface SseEvent {
  raw: string;
  data: string | null;
}

/**
 * Splits an SSE byte stream into events without waiting for the stream to end. Bytes are decoded with
 * a streaming decoder, so a multi-byte character split across chunks survives.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';

  push(chunk: Uint8Array): SseEvent[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  /** Whatever is left when the stream ends (an event without its final blank line). */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    return this.drain(true);
  }

  private drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r?\n\r?\n/.exec(this.buffer);
      if (!match) break;
      const raw = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      if (raw.trim()) events.push(parse(raw));
    }
    if (final && this.buffer.trim()) {
      events.push(parse(this.buffer));
      this.buffer = '';
    }
    return events;
  }
}

function parse(raw: string): SseEvent {
  const data: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return { raw, data: data.length ? data.join('\n') : null };
}
