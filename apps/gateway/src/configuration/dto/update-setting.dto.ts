import { UpdateSettingRequest } from '@switchyard/contracts';
import { IsDefined } from 'class-validator';

/** The value's type is checked against the setting's schema by the service. */
export class UpdateSettingDto implements UpdateSettingRequest {
  @IsDefined({ message: 'value is required' })
  value!: number | boolean | string;
}
