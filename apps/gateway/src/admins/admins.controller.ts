import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Put } from '@nestjs/common';
import { AdminAccount } from '@switchyard/contracts';
import type { AuditActor } from '../audit/audit.service';
import { CurrentActor, CurrentSessionId } from '../auth/current-actor.decorator';
import { IdParam } from '../core/id-param';
import { AdminsService } from './admins.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CreateAdminDto } from './dto/create-admin.dto';
import { UpdateAdminDto } from './dto/update-admin.dto';

@Controller('admins')
export class AdminsController {
  constructor(private readonly admins: AdminsService) {}

  @Get()
  list(): Promise<AdminAccount[]> {
    return this.admins.list();
  }

  @Post()
  create(@Body() body: CreateAdminDto, @CurrentActor() actor: AuditActor): Promise<AdminAccount> {
    return this.admins.create(body.username, body.password, actor);
  }

  @Put(':id/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  changePassword(
    @IdParam() id: string,
    @Body() body: ChangePasswordDto,
    @CurrentActor() actor: AuditActor,
    @CurrentSessionId() sessionId: string | undefined,
  ): Promise<void> {
    return this.admins.changePassword(id, body.password, actor, sessionId);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() body: UpdateAdminDto, @CurrentActor() actor: AuditActor): Promise<AdminAccount> {
    return this.admins.setDisabled(id, body.disabled, actor);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@IdParam() id: string, @CurrentActor() actor: AuditActor): Promise<void> {
    return this.admins.remove(id, actor);
  }
}
