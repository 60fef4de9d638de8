import { CreateAdminRequest } from '@switchyard/contracts';
import { IsDefined } from 'class-validator';
import { AdminField } from './admin-fields';

export class CreateAdminDto implements CreateAdminRequest {
  @IsDefined({ message: 'username is required' })
  @AdminField.username()
  username!: string;

  @IsDefined({ message: 'password is required' })
  @AdminField.password()
  password!: string;
}
