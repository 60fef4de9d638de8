import { Module } from '@nestjs/common';
import { ProviderAdapter, ProxyCall, ProxyEndpoint, UpstreamApi, UpstreamRequest } from '@switchyard/providers';

/**
 * The example from docs/providers.md: an OpenAI-compatible server behind a team's own auth header,
 * which only serves chat completions and tags every answer it relays.
 */
@ProviderAdapter('example')
export class ExampleAdapter implements ProviderAdapter {
  readonly name = 'example';

  supports(endpoint: ProxyEndpoint): boolean {
    return endpoint === 'chat/completions';
  }

  buildRequest(api: UpstreamApi, call: ProxyCall): UpstreamRequest {
    return {
      url: `${api.baseUrl}/v1/${call.endpoint}`,
      method: 'POST',
      headers: { ...call.forwardHeaders, ...api.extraHeaders, 'x-example-token': api.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ ...call.body, model: api.model }),
    };
  }

  translateResponse(_endpoint: ProxyEndpoint, json: Record<string, unknown>): Record<string, unknown> {
    return { ...json, system_fingerprint: 'example-provider' };
  }
}

/** What a team adds to the app module to make `example` a valid provider. */
@Module({ providers: [ExampleAdapter] })
export class ExampleProviderModule {}
