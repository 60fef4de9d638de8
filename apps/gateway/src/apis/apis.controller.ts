import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiResponse, ApiTestResult } from '@switchyard/contracts';
import type { AuditActor } from '../audit/audit.service';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApisService } from './apis.service';
import { CreateApiDto } from './dto/create-api.dto';
import { UpdateApiDto } from './dto/update-api.dto';
import { IdParam } from '../core/id-param';

@Controller('apis')
export class ApisController {
  constructor(private readonly apis: ApisService) {}

  @Get()
  list(): Promise<ApiResponse[]> {
    return this.apis.list();
  }

  @Post()
  create(@Body() body: CreateApiDto, @CurrentActor() actor: AuditActor): Promise<ApiResponse> {
    return this.apis.create(body, actor);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<ApiResponse> {
    return this.apis.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() body: UpdateApiDto, @CurrentActor() actor: AuditActor): Promise<ApiResponse> {
    return this.apis.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@IdParam() id: string, @CurrentActor() actor: AuditActor): Promise<void> {
    return this.apis.remove(id, actor);
  }

  /** 200 whatever the upstream said: the outcome is in the body. */
  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  test(@IdParam() id: string): Promise<ApiTestResult> {
    return this.apis.test(id);
  }
}
