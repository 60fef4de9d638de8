import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
import type { AuditActor } from '../audit/audit.service';
import { CurrentActor } from '../auth/current-actor.decorator';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { IdParam } from '../core/id-param';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<UserResponse[]> {
    return this.users.list();
  }

  @Post()
  create(@Body() body: CreateUserDto, @CurrentActor() actor: AuditActor): Promise<UserWithKeyResponse> {
    return this.users.create(body, actor);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() body: UpdateUserDto, @CurrentActor() actor: AuditActor): Promise<UserResponse> {
    return this.users.update(id, body, actor);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@IdParam() id: string, @CurrentActor() actor: AuditActor): Promise<void> {
    return this.users.remove(id, actor);
  }

  @Post(':id/rotate-key')
  @HttpCode(HttpStatus.OK)
  rotateKey(@IdParam() id: string, @CurrentActor() actor: AuditActor): Promise<UserWithKeyResponse> {
    return this.users.rotateKey(id, actor);
  }
}
