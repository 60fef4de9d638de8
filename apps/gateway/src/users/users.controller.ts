import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import { UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UsersService } from './users.service';

const ParseId = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

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
  get(@Param('id', ParseId) id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(@Param('id', ParseId) id: string, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@Param('id', ParseId) id: string): Promise<void> {
    return this.users.remove(id);
  }

  @Post(':id/rotate-key')
  @HttpCode(HttpStatus.OK)
  rotateKey(@Param('id', ParseId) id: string): Promise<UserWithKeyResponse> {
    return this.users.rotateKey(id);
  }
}
