import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';

/** `:id` as a UUID; a malformed one is a 400 that names the parameter (Nest's default message does not). */
export const IdParam = (): ParameterDecorator =>
  Param('id', new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') }));
