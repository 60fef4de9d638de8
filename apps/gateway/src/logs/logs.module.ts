import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigurationModule } from '../configuration/configuration.module';
import { LogExportService } from './log-export.service';
import { LogRetentionService } from './log-retention.service';
import { LogWriter } from './log-writer.service';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';
import { RequestLogBodyEntity } from './request-log-body.entity';
import { RequestLogEntity } from './request-log.entity';

/** The request log: the batched writer the proxy feeds, the admin API that reads and exports it, and retention. */
@Module({
  imports: [TypeOrmModule.forFeature([RequestLogEntity, RequestLogBodyEntity]), ConfigurationModule],
  controllers: [LogsController],
  providers: [LogWriter, LogsService, LogExportService, LogRetentionService],
  exports: [LogWriter],
})
export class LogsModule {}
