import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LogWriter } from './log-writer.service';
import { LogsController } from './logs.controller';
import { LogsService } from './logs.service';
import { RequestLogEntity } from './request-log.entity';

/** The request log: the batched writer the proxy feeds, and the admin API that reads it. */
@Module({
  imports: [TypeOrmModule.forFeature([RequestLogEntity])],
  controllers: [LogsController],
  providers: [LogWriter, LogsService],
  exports: [LogWriter],
})
export class LogsModule {}
