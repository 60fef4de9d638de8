import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AliasesController } from './aliases.controller';
import { AliasesService } from './aliases.service';
import { ModelAliasTargetEntity } from './model-alias-target.entity';
import { ModelAliasEntity } from './model-alias.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ModelAliasEntity, ModelAliasTargetEntity]), AuditModule],
  controllers: [AliasesController],
  providers: [AliasesService],
  exports: [AliasesService],
})
export class AliasesModule {}
