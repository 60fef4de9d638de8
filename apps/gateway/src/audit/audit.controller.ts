import { Controller, Get, Query } from '@nestjs/common';
import { AuditPage } from '@switchyard/contracts';
import { AuditService } from './audit.service';
import { DEFAULT_AUDIT_PAGE_SIZE, ListAuditQuery } from './dto/list-audit.query';

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  list(@Query() query: ListAuditQuery): Promise<AuditPage> {
    return this.audit.page(query.limit ?? DEFAULT_AUDIT_PAGE_SIZE, query.cursor);
  }
}
