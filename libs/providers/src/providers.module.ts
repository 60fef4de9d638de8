import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AnthropicAdapter } from './anthropic.adapter';
import { AzureOpenAiAdapter } from './azure-openai.adapter';
import { OpenAiAdapter } from './openai.adapter';
import { ProviderRegistry } from './provider-registry';

/** The adapters that ship with the gateway: `openai`, `azure-openai`, `anthropic`. */
@Module({ providers: [OpenAiAdapter, AzureOpenAiAdapter, AnthropicAdapter] })
export class BuiltInProvidersModule {}

/**
 * The provider registry (built-ins included). Import it wherever provider names are needed; a team's
 * own adapters live in their own module imported by the app module, and are found from there.
 */
@Module({
  imports: [DiscoveryModule, BuiltInProvidersModule],
  providers: [ProviderRegistry],
  exports: [ProviderRegistry],
})
export class ProvidersModule {}
