import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ApiUserEntity } from './api-user.entity';
import { UsersController } from './users.controller';
import { SpendTracker } from './spend-tracker.service';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiUserEntity]), AuditModule],
  controllers: [UsersController],
  providers: [UsersService, SpendTracker],
  exports: [UsersService, SpendTracker],
})
export class UsersModule {}
