import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AdminUserEntity } from '../auth/admin-user.entity';
import { AdminsController } from './admins.controller';
import { AdminsService } from './admins.service';

@Module({
  imports: [TypeOrmModule.forFeature([AdminUserEntity]), AuditModule],
  controllers: [AdminsController],
  providers: [AdminsService],
})
export class AdminsModule {}
