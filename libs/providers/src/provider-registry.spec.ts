import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ProviderAdapter } from './provider-adapter';
import { ProviderRegistry } from './provider-registry';
import { ProvidersModule } from './providers.module';

@ProviderAdapter('team-llm')
class TeamAdapter implements ProviderAdapter {
  readonly name = 'team-llm';
  supports() {
    return true;
  }
  buildRequest() {
    return { url: 'http://team', method: 'POST' as const, headers: {}, body: '{}' };
  }
}

@Module({ providers: [TeamAdapter] })
class TeamModule {}

@ProviderAdapter('openai')
class ImpostorAdapter extends TeamAdapter {}

@Module({ providers: [ImpostorAdapter] })
class ImpostorModule {}

describe('ProviderRegistry', () => {
  it('finds the built-ins and the adapters of any other module through Nest discovery', async () => {
    const app = await Test.createTestingModule({ imports: [ProvidersModule, TeamModule] }).compile();
    const registry = app.get(ProviderRegistry);
    expect(registry.names()).toEqual(['anthropic', 'azure-openai', 'openai', 'team-llm']);
    expect(registry.get('team-llm')).toBeInstanceOf(TeamAdapter);
    expect(registry.get('nope')).toBeUndefined();
    await app.close();
  });

  it('knows only the built-ins when no other module provides adapters', async () => {
    const app = await Test.createTestingModule({ imports: [ProvidersModule] }).compile();
    expect(app.get(ProviderRegistry).names()).toEqual(['anthropic', 'azure-openai', 'openai']);
    await app.close();
  });

  it('refuses two different classes claiming one name', async () => {
    const app = await Test.createTestingModule({ imports: [ProvidersModule, ImpostorModule] }).compile();
    expect(() => app.get(ProviderRegistry).names()).toThrow(/Two provider adapters are registered as "openai"/);
    await app.close();
  });
});
