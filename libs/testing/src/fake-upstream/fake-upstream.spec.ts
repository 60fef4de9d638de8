import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Completion } from 'openai/resources/completions';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { EMBEDDING_DIMENSIONS, FakeUpstream } from './index';

// The official SDK is the judge of "faithful to the real API": if it parses our answers, so can the gateway.
describe('FakeUpstream through the openai SDK', () => {
  let fake: FakeUpstream;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start({ models: ['my-custom-model'] });
    client = new OpenAI({ apiKey: 'sk-test', baseURL: `${fake.url}/v1`, maxRetries: 0 });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('listens on 127.0.0.1 and gives a url without a trailing slash', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists the default models and the configured ones', async () => {
    const page = await client.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4o-mini', 'text-embedding-3-small', 'my-custom-model']));
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'fake' });
    await expect(client.models.retrieve('my-custom-model')).resolves.toMatchObject({ id: 'my-custom-model' });
    await expect(client.models.retrieve('nope')).rejects.toMatchObject({ status: 404 });
  });

  it('lists the models at Azure’s path and answers Anthropic-style headers on /v1/models', async () => {
    const azure = await fetch(`${fake.url}/openai/models?api-version=2024-10-21`, { headers: { 'api-key': 'az-key' } });
    expect(azure.status).toBe(200);
    expect(((await azure.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain('my-custom-model');
    const anthropic = await fetch(`${fake.url}/v1/models?limit=1000`, {
      headers: { 'x-api-key': 'ant-key', 'anthropic-version': '2023-06-01' },
    });
    expect(anthropic.status).toBe(200);
    expect(((await anthropic.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain('gpt-4o-mini');
    expect(fake.requests.map((r) => [r.path, r.url])).toEqual([
      ['/openai/models', '/openai/models?api-version=2024-10-21'],
      ['/v1/models', '/v1/models?limit=1000'],
    ]);
    expect(fake.requests[1].headers).toMatchObject({ 'x-api-key': 'ant-key', 'anthropic-version': '2023-06-01' });
  });

  describe('chat completions', () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'hello there' },
    ];

    it('answers deterministically, with usage, and records the request', async () => {
      const { data, response } = await client.chat.completions.create({ model: 'gpt-4o-mini', messages }).withResponse();

      expect(data.id).toMatch(/^chatcmpl-/);
      expect(data.object).toBe('chat.completion');
      expect(data.model).toBe('gpt-4o-mini');
      expect(data.choices).toHaveLength(1);
      expect(data.choices[0].message).toMatchObject({ role: 'assistant', content: 'Echo: hello there' });
      expect(data.choices[0].finish_reason).toBe('stop');
      expect(data.usage).toEqual({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
      expect(response.headers.get('x-request-id')).toBe('req_fake_1');

      const recorded = await fake.waitForRequest();
      expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', aborted: false });
      expect(recorded.headers.authorization).toBe('Bearer sk-test');
      expect(recorded.body).toEqual({ model: 'gpt-4o-mini', messages });
      expect(JSON.parse(recorded.rawBody.toString('utf8'))).toEqual(recorded.body);

      const again = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(again.choices).toEqual(data.choices);
      expect(again.usage).toEqual(data.usage);
    });

    it('echoes array content and cuts the answer at max_tokens', async () => {
      const res = await client.chat.completions.create({
        model: 'my-custom-model',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'one two three' }] }],
        max_tokens: 2,
      });
      expect(res.model).toBe('my-custom-model');
      expect(res.choices[0].message.content).toBe('Echo: one');
      expect(res.choices[0].finish_reason).toBe('length');
    });

    async function streamChat(includeUsage: boolean | undefined): Promise<ChatCompletionChunk[]> {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'one two three' }],
        stream: true,
        ...(includeUsage === undefined ? {} : { stream_options: { include_usage: includeUsage } }),
      });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      return chunks;
    }

    it('streams one word per chunk, ending with finish_reason stop and no usage by default', async () => {
      const chunks = await streamChat(undefined);

      expect(chunks[0].choices[0].delta.role).toBe('assistant');
      const contents = chunks.map((c) => c.choices[0].delta.content ?? '');
      expect(contents.join('')).toBe('Echo: one two three');
      expect(contents.filter((c) => c.length > 0)).toEqual(['Echo:', ' one', ' two', ' three']);
      expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
      expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.choices.length === 1)).toBe(true);
      expect(chunks.some((c) => c.usage)).toBe(false);
    });

    it('adds a usage-only chunk only when include_usage is true', async () => {
      const withUsage = await streamChat(true);
      const last = withUsage.at(-1);
      expect(last?.choices).toEqual([]);
      expect(last?.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
      expect(withUsage.slice(0, -1).every((c) => c.usage === null)).toBe(true);

      const without = await streamChat(false);
      expect(without.some((c) => c.usage || c.choices.length === 0)).toBe(false);
    });

    it("leaves usage out under 'no-usage', even when asked for", async () => {
      fake.setBehavior({ kind: 'no-usage' });
      const plain = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      expect(plain.choices[0].message.content).toBe('Echo: hello there');
      expect(plain.usage).toBeUndefined();

      const chunks = await streamChat(true);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Echo: one two three');
      expect(chunks.some((c) => c.usage || c.choices.length === 0)).toBe(false);
    });
  });

  describe('embeddings', () => {
    it('answers the SDK default (base64) with fixed-size, deterministic unit vectors', async () => {
      const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['cat', 'dog'] });

      expect((await fake.waitForRequest()).body).toMatchObject({ encoding_format: 'base64' });
      expect(res.model).toBe('text-embedding-3-small');
      expect(res.data.map((d) => d.index)).toEqual([0, 1]);
      const [cat, dog] = res.data.map((d) => d.embedding);
      expect(cat).toHaveLength(EMBEDDING_DIMENSIONS);
      expect(cat).not.toEqual(dog);
      expect(Math.hypot(...cat)).toBeCloseTo(1, 5);
      expect(res.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });

      const floats = await client.embeddings.create({ model: 'm', input: 'cat', encoding_format: 'float' });
      expect(floats.data[0].embedding).toEqual(cat);
    });

    it('honours dimensions', async () => {
      const res = await client.embeddings.create({ model: 'm', input: 'cat', dimensions: 3 });
      expect(res.data[0].embedding).toHaveLength(3);
    });
  });

  describe('legacy completions', () => {
    it('answers non-stream and stream requests alike', async () => {
      const res = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'say this' });
      expect(res).toMatchObject({ object: 'text_completion', model: 'gpt-3.5-turbo-instruct' });
      expect(res.id).toMatch(/^cmpl-/);
      expect(res.choices[0]).toMatchObject({ text: 'Echo: say this', finish_reason: 'stop' });
      expect(res.usage).toEqual({ prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 });

      const stream = await client.completions.create({
        model: 'gpt-3.5-turbo-instruct',
        prompt: 'say this',
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: Completion[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).toBe('Echo: say this');
      expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: res.usage });
    });
  });

  describe('responses', () => {
    it('answers with a completed response carrying usage', async () => {
      const res = await client.responses.create({ model: 'gpt-4o-mini', instructions: 'Be brief', input: 'hi there' });

      expect(res.id).toMatch(/^resp_/);
      expect(res).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4o-mini' });
      expect(res.output_text).toBe('Echo: hi there');
      expect(res.output[0]).toMatchObject({
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Echo: hi there', annotations: [] }],
      });
      expect(res.usage).toMatchObject({ input_tokens: 4, output_tokens: 3, total_tokens: 7 });
    });

    it('streams created, text deltas and completed (with usage), numbered in sequence', async () => {
      const stream = await client.responses.create({
        model: 'gpt-4o-mini',
        input: [{ role: 'user', content: 'hi there' }],
        stream: true,
      });
      const events: ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);

      expect(events[0].type).toBe('response.created');
      expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
      const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
      expect(deltas).toEqual(['Echo:', ' hi', ' there']);
      const last = events.at(-1);
      expect(last?.type).toBe('response.completed');
      if (last?.type !== 'response.completed') return;
      expect(last.response.usage).toMatchObject({ input_tokens: 2, output_tokens: 3, total_tokens: 5 });
      expect(last.response.output[0]).toMatchObject({ content: [{ type: 'output_text', text: 'Echo: hi there' }] });
    });

    it("satisfies the SDK's own stream accumulator", async () => {
      const final = await client.responses.stream({ model: 'gpt-4o-mini', input: 'hi there' }).finalResponse();
      expect(final.output_text).toBe('Echo: hi there');
    });
  });

  describe('other endpoints', () => {
    it('moderates, generates images and speech', async () => {
      const mod = await client.moderations.create({ model: 'omni-moderation-latest', input: ['a', 'b'] });
      expect(mod.results).toHaveLength(2);
      expect(mod.results[0].flagged).toBe(false);

      const img = await client.images.generate({ model: 'gpt-image-1', prompt: 'a dot', n: 2 });
      expect(img.data).toHaveLength(2);
      const png = Buffer.from(img.data?.[0].b64_json ?? '', 'base64');
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

      const speech = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hello' });
      expect(speech.headers.get('content-type')).toBe('audio/mpeg');
      const bytes = Buffer.from(await speech.arrayBuffer());
      expect(bytes.subarray(0, 3).toString('latin1')).toBe('ID3');
    });
  });
});
