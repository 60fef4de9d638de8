import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';

export const MIN_ADMIN_PASSWORD = 12;
export const MAX_ADMIN_PASSWORD = 128;

export const AdminField = {
  username: () =>
    applyDecorators(
      IsString({ message: 'username must be a string' }),
      Matches(/^[A-Za-z0-9._@-]{1,64}$/, { message: 'username may use letters, digits and . _ @ - (1 to 64 characters)' }),
    ),
  password: () =>
    applyDecorators(
      IsString({ message: 'password must be a string' }),
      Length(MIN_ADMIN_PASSWORD, MAX_ADMIN_PASSWORD, {
        message: `password must be ${MIN_ADMIN_PASSWORD} to ${MAX_ADMIN_PASSWORD} characters long`,
      }),
    ),
};
