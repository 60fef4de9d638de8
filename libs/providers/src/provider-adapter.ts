import 'reflect-metadata';
import { ProxyCall, UpstreamApi, UpstreamRequest } from './types';

/**
 * Turns an OpenAI-shaped client call into the request a given provider expects. Adapters are pure:
 * no I/O, no state; the gateway owns connections, streaming, timeouts and logging.
 */
export interface ProviderAdapter {
  /** The `provider` value of an API that this adapter serves, e.g. `openai`. */
  readonly name: string;
  /** Builds the upstream HTTP request: URL, headers (auth, extra headers) and body (upstream model). */
  buildRequest(api: UpstreamApi, call: ProxyCall): UpstreamRequest;
}

const ADAPTER_NAME = Symbol('switchyard:provider-adapter');
const registry = new Map<string, new () => ProviderAdapter>();

/** Registers a class as the adapter for provider `name` (one adapter per name; last one wins). */
export function ProviderAdapter(name: string): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(ADAPTER_NAME, name, target);
    registry.set(name, target as unknown as new () => ProviderAdapter);
  };
}

/** Names of every registered provider. */
export function registeredProviders(): string[] {
  return [...registry.keys()].sort();
}

/** A new instance of the adapter registered for `name`, or undefined. */
export function createAdapter(name: string): ProviderAdapter | undefined {
  const Adapter = registry.get(name);
  return Adapter ? new Adapter() : undefined;
}
