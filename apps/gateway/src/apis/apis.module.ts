import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModelAliasTargetEntity } from '../aliases/model-alias-target.entity';
import { ApiEntity } from './api.entity';
import { ApisController } from './apis.controller';
import { ApisService } from './apis.service';

@Module({
  // Alias targets are read (never written) here: deleting an API an alias routes to is refused.
  imports: [TypeOrmModule.forFeature([ApiEntity, ModelAliasTargetEntity])],
  controllers: [ApisController],
  providers: [ApisService],
  exports: [ApisService],
})
export class ApisModule {}
