import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
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
  create(@Body() body: CreateUserDto): Promise<UserWithKeyResponse> {
    return this.users.create(body);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@IdParam() id: string): Promise<void> {
    return this.users.remove(id);
  }

  @Post(':id/rotate-key')
  @HttpCode(HttpStatus.OK)
  rotateKey(@IdParam() id: string): Promise<UserWithKeyResponse> {
    return this.users.rotateKey(id);
  }
}
