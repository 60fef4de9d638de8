import { BadRequestException, Controller, Get, Param, PipeTransform, Query, Res } from '@nestjs/common';
import { Page, RequestLogDetail, RequestLogItem } from '@switchyard/contracts';
import type { Response } from 'express';
import { isLogId } from './cursor';
import { ExportLogsQuery } from './dto/export-logs.query';
import { ListLogsQuery } from './dto/list-logs.query';
import { LogExportService } from './log-export.service';
import { LogsService } from './logs.service';

/** `:id` is a bigint: a positive decimal integer that fits in 64 bits. */
const ParseLogId: PipeTransform<unknown, string> = {
  transform: (value) => {
    if (!isLogId(value)) throw new BadRequestException('id must be a positive integer');
    return value;
  },
};

@Controller('logs')
export class LogsController {
  constructor(
    private readonly logs: LogsService,
    private readonly exporter: LogExportService,
  ) {}

  @Get()
  list(@Query() query: ListLogsQuery): Promise<Page<RequestLogItem>> {
    return this.logs.list(query);
  }

  /** Declared before `:id` so "export" is not taken for an id. Streams the body itself (hence `@Res()`). */
  @Get('export')
  export(@Query() { format, ...filters }: ExportLogsQuery, @Res() res: Response): Promise<void> {
    return this.exporter.export(filters, format, res);
  }

  @Get(':id')
  get(@Param('id', ParseLogId) id: string): Promise<RequestLogDetail> {
    return this.logs.get(id);
  }
}
