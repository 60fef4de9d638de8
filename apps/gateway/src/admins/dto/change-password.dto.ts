import { ChangeAdminPasswordRequest } from '@switchyard/contracts';
import { IsDefined } from 'class-validator';
import { AdminField } from './admin-fields';

export class ChangePasswordDto implements ChangeAdminPasswordRequest {
  @IsDefined({ message: 'password is required' })
  @AdminField.password()
  password!: string;
}
