import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Put } from '@nestjs/common';
import { AdminAccount } from '@switchyard/contracts';
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
  create(@Body() body: CreateAdminDto): Promise<AdminAccount> {
    return this.admins.create(body.username, body.password);
  }

  @Put(':id/password')
  @HttpCode(HttpStatus.NO_CONTENT)
  changePassword(@IdParam() id: string, @Body() body: ChangePasswordDto): Promise<void> {
    return this.admins.changePassword(id, body.password);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() body: UpdateAdminDto): Promise<AdminAccount> {
    return this.admins.setDisabled(id, body.disabled);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@IdParam() id: string): Promise<void> {
    return this.admins.remove(id);
  }
}
