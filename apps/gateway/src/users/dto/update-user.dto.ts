import { BudgetPeriod, UpdateUserRequest } from '@switchyard/contracts';
import { IsOptionalNotNull, UserField } from './create-user.dto';

/** Every field optional; absent = unchanged. Nullable fields accept null (back to the default / none). */
export class UpdateUserDto implements UpdateUserRequest {
  @IsOptionalNotNull()
  @UserField.name()
  name?: string;

  @IsOptionalNotNull()
  @UserField.allowedModels()
  allowedModels?: string[];

  @UserField.rateLimit('rateLimitRpm')
  rateLimitRpm?: number | null;

  @UserField.rateLimit('rateLimitTpm')
  rateLimitTpm?: number | null;

  @UserField.budgetUsd()
  budgetUsd?: number | null;

  @UserField.budgetPeriod()
  budgetPeriod?: BudgetPeriod;

  @UserField.expiresAt()
  expiresAt?: string | null;

  @UserField.enabled()
  enabled?: boolean;
}
