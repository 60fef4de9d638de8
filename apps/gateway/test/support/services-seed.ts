import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { AdminClient, ADMIN_PASSWORD, ADMIN_USERNAME } from './test-gateway';

/** The admin account every services-spec instance is started with. */
export const SERVICES_ADMIN = { adminUsername: ADMIN_USERNAME, adminPassword: ADMIN_PASSWORD };

/** Signs in to a gateway listening at `url` (a child process) as the services admin. */
export function loginAt(url: string): Promise<AdminClient> {
  // supertest takes a base URL as well as a server.
  return AdminClient.login(url as unknown as Server, ADMIN_USERNAME, ADMIN_PASSWORD);
}

export interface SeededKey {
  userId: string;
  apiKey: string;
  model: string;
}

/** An upstream API on the fake, an alias to it and a user (optionally RPM-limited), through the admin API. */
export async function seedKey(admin: AdminClient, fakeUrl: string, rateLimitRpm?: number): Promise<SeededKey> {
  const name = `fake-${randomBytes(4).toString('hex')}`;
  const api = await admin.post('/api/apis', {
    name,
    provider: 'openai',
    baseUrl: `${fakeUrl}/v1`,
    apiKey: 'sk-upstream-0123456789',
    model: 'gpt-4o-mini',
    allowPrivateNetwork: true,
  });
  if (api.status !== 201) throw new Error(`creating the API failed: ${api.status} ${JSON.stringify(api.body)}`);
  const alias = await admin.post('/api/aliases', { alias: `chat-${name}`, apiId: api.body.id });
  if (alias.status !== 201) throw new Error(`creating the alias failed: ${alias.status} ${JSON.stringify(alias.body)}`);
  const user = await admin.post('/api/users', { name, allowedModels: ['*'], ...(rateLimitRpm ? { rateLimitRpm } : {}) });
  if (user.status !== 201) throw new Error(`creating the user failed: ${user.status} ${JSON.stringify(user.body)}`);
  return { userId: user.body.id as string, apiKey: user.body.apiKey as string, model: `chat-${name}` };
}

/** `GET /v1/models` with the key: 200 once the instance knows it, 401 when it refuses it. */
export async function modelsStatus(url: string, apiKey: string): Promise<number> {
  const res = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${apiKey}` } });
  await res.arrayBuffer();
  return res.status;
}

/** Polls until `check` is true; returns the milliseconds it took, throws after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`not true within ${timeoutMs} ms`);
}

/** One chat completion; resolves with the status, the x-request-id and the whole body text. */
export async function chat(
  url: string,
  key: SeededKey,
  stream = false,
): Promise<{ status: number; requestId: string | null; body: string }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: key.model, stream, messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: await res.text() };
}
