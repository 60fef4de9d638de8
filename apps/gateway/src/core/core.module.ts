import { DynamicModule, Global, Module } from '@nestjs/common';
import { ChangeBus, DATABASE_URL } from './change-bus';
import { Env } from './env';
import { Lifecycle } from './lifecycle';
import { SecretBox } from './secret-box';

/** Process-wide services every module may need: environment, secrets-at-rest box, change announcements. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(env: Env, secretBox: SecretBox, databaseUrl: string): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: Env, useValue: env },
        { provide: SecretBox, useValue: secretBox },
        { provide: DATABASE_URL, useValue: databaseUrl },
        Lifecycle,
        ChangeBus,
      ],
      exports: [Env, SecretBox, Lifecycle, ChangeBus, DATABASE_URL],
    };
  }
}
