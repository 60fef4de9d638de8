import { DynamicModule, Module, Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminsModule } from './admins/admins.module';
import { AliasesModule } from './aliases/aliases.module';
import { ApisModule } from './apis/apis.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ConfigurationModule } from './configuration/configuration.module';
import { CoreModule } from './core/core.module';
import { dataSourceOptions } from './core/database';
import { Env } from './core/env';
import { HealthController } from './core/health.controller';
import { SecretBox } from './core/secret-box';
import { LogsModule } from './logs/logs.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProxyModule } from './proxy/proxy.module';
import { StatsModule } from './stats/stats.module';
import { UsersModule } from './users/users.module';

export interface AppModuleOptions {
  env: Env;
  databaseUrl: string;
  secretBox: SecretBox;
  /** More modules to load, e.g. a team's provider adapters (`@ProviderAdapter` classes are discovered). */
  extraModules?: (Type | DynamicModule)[];
}

@Module({})
export class AppModule {
  static forRoot({ env, databaseUrl, secretBox, extraModules = [] }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(env, secretBox, databaseUrl),
        // Migrations ran before the app was built (core/migrate.ts), under an advisory lock.
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        ScheduleModule.forRoot(),
        // Health checks; a failing check is an answer to the caller, not an error for our log.
        TerminusModule.forRoot({ logger: false }),
        AuthModule,
        AdminsModule,
        AuditModule,
        ConfigurationModule,
        ApisModule,
        AliasesModule,
        UsersModule,
        LogsModule,
        ProxyModule,
        StatsModule,
        MetricsModule,
        ...extraModules,
      ],
      controllers: [HealthController],
    };
  }
}
