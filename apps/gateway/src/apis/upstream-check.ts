import { ApiTestResult } from '@switchyard/contracts';
import { upstreamErrorFields } from '@switchyard/providers';
import type { ProviderAdapter, UpstreamApi } from '@switchyard/providers';
import axios, { AxiosError } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';

/** The test is interactive: an admin waits for it, so it never waits as long as a generation may. */
export const MAX_TEST_TIMEOUT_MS = 15_000;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_MESSAGE_LENGTH = 300;

export interface UpstreamToCheck {
  /** The API with its decrypted key; the key goes into the adapter's auth header and nowhere else. */
  api: UpstreamApi;
  /** The API's provider adapter (undefined: not loaded); its `buildModelsRequest` says how to list the models. */
  adapter: ProviderAdapter | undefined;
  /** Resolves the upstream's name at connect time; the SSRF guard's lookup refuses private answers. */
  lookup?: LookupFunction;
}

/** Whether `checkUpstream` can check this provider at all (its adapter builds a models request). */
export function canCheckUpstream(
  adapter: ProviderAdapter | undefined,
): adapter is ProviderAdapter & Required<Pick<ProviderAdapter, 'buildModelsRequest'>> {
  return typeof adapter?.buildModelsRequest === 'function';
}

/**
 * Lists the upstream's models the provider's way (`adapter.buildModelsRequest`, e.g. OpenAI's
 * `GET {baseUrl}/models` with a bearer key) and reports what happened. Never throws: every failure
 * becomes `ok: false` with a readable, key-free `error`.
 */
export async function checkUpstream(target: UpstreamToCheck): Promise<ApiTestResult> {
  const { api, adapter } = target;
  const timeout = Math.min(api.timeoutMs, MAX_TEST_TIMEOUT_MS);
  const redact = redactor([api.apiKey, ...Object.values(api.extraHeaders)]);
  const started = performance.now();
  const result = (fields: Partial<ApiTestResult>): ApiTestResult => ({
    ok: false,
    status: null,
    latencyMs: Math.round(performance.now() - started),
    models: [],
    modelFound: null,
    error: null,
    ...fields,
    ...(fields.error ? { error: redact(fields.error) } : {}),
  });
  if (!canCheckUpstream(adapter)) return result({ latencyMs: 0, error: `the ${api.provider} provider cannot list the upstream's models` });
  try {
    const request = adapter.buildModelsRequest(api);
    const res = await axios.get<unknown>(request.url, {
      headers: request.headers,
      timeout,
      // axios' own timeout starts late on some paths (DNS, TLS); the signal bounds the whole call.
      signal: AbortSignal.timeout(timeout + 250),
      validateStatus: () => true,
      // A redirect would carry the key to wherever it points.
      maxRedirects: 0,
      maxContentLength: MAX_BODY_BYTES,
      // Reach the upstream the way the proxy's undici client does: directly, not via HTTP(S)_PROXY.
      proxy: false,
      ...(target.lookup
        ? { httpAgent: new http.Agent({ lookup: target.lookup }), httpsAgent: new https.Agent({ lookup: target.lookup }) }
        : {}),
    });
    if (res.status < 200 || res.status >= 300) {
      const detail = upstreamMessage(res.data);
      return result({ status: res.status, error: `upstream answered ${res.status}${detail ? `: ${detail}` : ''}` });
    }
    const models = adapter.parseModels ? adapter.parseModels(res.data) : modelIds(res.data);
    if (!models) return result({ status: res.status, error: `upstream answered ${res.status} but not with a model list` });
    const listed = models.includes(api.model);
    const modelFound = request.modelMatch === 'loose' ? (listed ? true : null) : listed;
    return result({ ok: true, status: res.status, models, modelFound });
  } catch (err) {
    return result({ error: describeFailure(err, timeout, api.baseUrl) });
  }
}

/** Ids of an OpenAI model list `{ data: [{ id }] }`; undefined when the body is something else. */
function modelIds(body: unknown): string[] | undefined {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  return data.map((m) => (m as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string');
}

/** The human part of an upstream error body: its error message (see `upstreamErrorFields`), or the text. */
function upstreamMessage(body: unknown): string {
  const message = upstreamErrorFields(body).message ?? body;
  if (typeof message !== 'string') return '';
  const text = message.replace(/\s+/g, ' ').trim();
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e?.code === 'string') return e.code;
  // Node's happy-eyeballs connect reports an AggregateError of one error per address tried.
  if (Array.isArray(e?.errors)) return errorCode(e.errors[0]);
  return e?.cause ? errorCode(e.cause) : undefined;
}

function describeFailure(err: unknown, timeout: number, baseUrl: string): string {
  const code = err instanceof AxiosError && err.cause ? (errorCode(err.cause) ?? err.code) : errorCode(err);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EADDRNOTALLOWED':
      return err instanceof AxiosError && err.cause ? err.cause.message : 'upstream address not allowed';
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
    case 'ERR_CANCELED':
    case 'ABORT_ERR':
      return `no answer within ${timeout} ms`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not resolve host ${new URL(baseUrl).hostname}`;
    case 'ECONNRESET':
      return 'connection reset by the upstream';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ERR_FR_MAX_CONTENT_LENGTH_EXCEEDED':
    case 'ERR_BAD_RESPONSE':
      return 'upstream answered with an oversized or unreadable model list';
    default: {
      const message = err instanceof Error ? err.message : String(err);
      return code && /CERT|TLS|SSL/i.test(code) ? `TLS error: ${message}` : message || 'request failed';
    }
  }
}

/** Replaces every occurrence of the given secrets (short values excepted: they would mangle text). */
function redactor(secrets: string[]): (text: string) => string {
  const needles = secrets.filter((s) => s.length >= 8);
  return (text) => needles.reduce((acc, s) => acc.split(s).join('***'), text);
}
