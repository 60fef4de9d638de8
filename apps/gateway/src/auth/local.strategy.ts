import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AdminMe } from '@switchyard/contracts';
import { Strategy } from 'passport-local';
import { AuthService } from './auth.service';

export const INVALID_CREDENTIALS = 'Invalid username or password';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly auth: AuthService) {
    super();
  }

  async validate(username: string, password: string): Promise<AdminMe> {
    const admin = await this.auth.validate(username, password);
    if (!admin) throw new UnauthorizedException(INVALID_CREDENTIALS);
    return admin;
  }
}
