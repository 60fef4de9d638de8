import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ConfigResponse, SettingSchema } from '@switchyard/contracts';
import type { AuditActor } from '../audit/audit.service';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ConfigurationService } from './configuration.service';
import { UpdateSettingDto } from './dto/update-setting.dto';

@Controller('config')
export class ConfigurationController {
  constructor(private readonly configuration: ConfigurationService) {}

  @Get()
  getAll(): ConfigResponse {
    return this.configuration.getAll();
  }

  @Get('schema')
  schema(): SettingSchema[] {
    return this.configuration.schema();
  }

  @Put(':key')
  set(@Param('key') key: string, @Body() body: UpdateSettingDto, @CurrentActor() actor: AuditActor): Promise<ConfigResponse> {
    return this.configuration.set(key, body.value, actor);
  }
}
