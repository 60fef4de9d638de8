import { BadRequestException, Controller, Get, Param, PipeTransform, Query } from '@nestjs/common';
import { Page, RequestLogItem } from '@switchyard/contracts';
import { isLogId } from './cursor';
import { ListLogsQuery } from './dto/list-logs.query';
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
  constructor(private readonly logs: LogsService) {}

  @Get()
  list(@Query() query: ListLogsQuery): Promise<Page<RequestLogItem>> {
    return this.logs.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseLogId) id: string): Promise<RequestLogItem> {
    return this.logs.get(id);
  }
}
