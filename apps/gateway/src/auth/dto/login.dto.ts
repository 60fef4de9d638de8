import { LoginRequest } from '@switchyard/contracts';
import { IsString, MaxLength, MinLength } from 'class-validator';

export const MAX_USERNAME_LENGTH = 64;
/** Long passphrases are welcome; the cap keeps a hash from being fed megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

export class LoginDto implements LoginRequest {
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_USERNAME_LENGTH)
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}
