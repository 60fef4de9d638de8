import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { AliasResponse } from '@switchyard/contracts';
import type { AuditActor } from '../audit/audit.service';
import { CurrentActor } from '../auth/current-actor.decorator';
import { IdParam } from '../core/id-param';
import { AliasesService } from './aliases.service';
import { CreateAliasDto } from './dto/create-alias.dto';
import { UpdateAliasDto } from './dto/update-alias.dto';

@Controller('aliases')
export class AliasesController {
  constructor(private readonly aliases: AliasesService) {}

  @Get()
  list(): Promise<AliasResponse[]> {
    return this.aliases.list();
  }

  @Post()
  create(@Body() body: CreateAliasDto, @CurrentActor() actor: AuditActor): Promise<AliasResponse> {
    return this.aliases.create(body, actor);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<AliasResponse> {
    return this.aliases.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() body: UpdateAliasDto, @CurrentActor() actor: AuditActor): Promise<AliasResponse> {
    return this.aliases.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@IdParam() id: string, @CurrentActor() actor: AuditActor): Promise<void> {
    return this.aliases.remove(id, actor);
  }
}
