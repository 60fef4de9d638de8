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

  /** No partial event is waiting: the bytes pushed so far ended on an event boundary. */
  get empty(): boolean {
    return this.buffer === '';
  }

  push(chunk: Uint8Array): SseEvent[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  /** Whatever is left when the stream ends (an event without its final blank line). */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    return this.drain(true);
  }

  /** Cuts complete events (ended by a blank line: `\n\n`, `\r\n\r\n` or a mix) off the buffer. */
  private drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    const buffer = this.buffer;
    let start = 0;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      let next = nl + 1;
      if (buffer.charCodeAt(next) === CR) next++;
      if (buffer.charCodeAt(next) === LF) {
        const end = nl > start && buffer.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        const raw = buffer.slice(start, end);
        if (raw.trim()) events.push(parse(raw));
        start = next + 1;
        nl = buffer.indexOf('\n', start);
      } else {
        nl = buffer.indexOf('\n', nl + 1);
      }
    }
    this.buffer = start === 0 ? buffer : buffer.slice(start);
    if (final && this.buffer.trim()) {
      events.push(parse(this.buffer));
      this.buffer = '';
    }
    return events;
  }
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * The bytes end with a blank line (`\n\n` or `\n\r\n`, which also ends `\r\n\r\n`): the last event is
 * complete, and no multi-byte character can be cut (a line feed is never part of one).
 */
export function endsOnBoundary(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 2 || bytes[n - 1] !== LF) return false;
  return bytes[n - 2] === LF || (n >= 3 && bytes[n - 2] === CR && bytes[n - 3] === LF);
}

function parse(raw: string): SseEvent {
  // The usual event: one `data:` line.
  if (raw.startsWith('data:') && !raw.includes('\n')) return { raw, data: raw.slice(raw.startsWith('data: ') ? 6 : 5) };
  const data: string[] = [];
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return { raw, data: data.length ? data.join('\n') : null };
}
