import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProvidersModule } from '@switchyard/providers';
import { ModelAliasTargetEntity } from '../aliases/model-alias-target.entity';
import { AuditModule } from '../audit/audit.module';
import { BreakerModule } from '../proxy/breaker.module';
import { HOST_RESOLVER, HostResolver, systemResolver, UrlGuard } from '../core/url-guard';
import { ApiEntity } from './api.entity';
import { ApisController } from './apis.controller';
import { ApisService } from './apis.service';
import { ProvidersController } from './providers.controller';

@Module({
  // Alias targets are read (never written) here: deleting an API an alias routes to is refused.
  imports: [TypeOrmModule.forFeature([ApiEntity, ModelAliasTargetEntity]), ProvidersModule, AuditModule, BreakerModule],
  controllers: [ApisController, ProvidersController],
  providers: [
    ApisService,
    UrlGuard,
    // A fresh object per app, so a test can stub its lookup without touching other instances.
    { provide: HOST_RESOLVER, useFactory: (): HostResolver => ({ lookup: (host) => systemResolver.lookup(host) }) },
  ],
  // The proxy's upstream client checks connect-time addresses with the same guard and resolver.
  exports: [ApisService, UrlGuard, HOST_RESOLVER],
})
export class ApisModule {}
