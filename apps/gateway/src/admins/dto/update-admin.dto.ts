import { UpdateAdminRequest } from '@switchyard/contracts';
import { IsBoolean, IsDefined } from 'class-validator';

export class UpdateAdminDto implements UpdateAdminRequest {
  @IsDefined({ message: 'disabled is required' })
  @IsBoolean({ message: 'disabled must be a boolean' })
  disabled!: boolean;
}
