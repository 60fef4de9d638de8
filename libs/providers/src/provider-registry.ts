import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ProviderAdapter, ProviderAdapterMarker } from './provider-adapter';

/**
 * Every `@ProviderAdapter` provider of the running app, by name. Built from Nest's `DiscoveryService`,
 * so adapters from any imported module count; two different classes claiming one name fail the boot.
 */
@Injectable()
export class ProviderRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProviderRegistry.name);
  private adapters: Map<string, ProviderAdapter> | null = null;

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.logger.log(`providers: ${this.names().join(', ')}`);
  }

  /** The adapter serving `name`, or undefined when no module provides one. */
  get(name: string): ProviderAdapter | undefined {
    return this.all().get(name);
  }

  /** Valid `provider` values, sorted. */
  names(): string[] {
    return [...this.all().keys()].sort();
  }

  // Built on first use: by then every module's providers are instantiated.
  private all(): Map<string, ProviderAdapter> {
    if (this.adapters) return this.adapters;
    const found = new Map<string, ProviderAdapter>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: ProviderAdapterMarker.KEY })) {
      const name = this.discovery.getMetadataByDecorator(ProviderAdapterMarker, wrapper);
      const adapter = wrapper.instance as ProviderAdapter | undefined;
      if (!name || !adapter) continue;
      const existing = found.get(name);
      if (existing && existing.constructor !== adapter.constructor) {
        throw new Error(`Two provider adapters are registered as "${name}": ${existing.constructor.name} and ${adapter.constructor.name}`);
      }
      found.set(name, adapter);
    }
    this.adapters = found;
    return found;
  }
}
