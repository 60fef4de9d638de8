import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { AdminMe } from '@switchyard/contracts';
import { AuthService } from './auth.service';

/** The session stores the admin id; each request re-reads the admin so a deleted admin is signed out. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly auth: AuthService) {
    super();
  }

  serializeUser(admin: AdminMe, done: (err: Error | null, id?: string) => void): void {
    done(null, admin.id);
  }

  deserializeUser(id: string, done: (err: Error | null, admin?: AdminMe | false) => void): void {
    this.auth.findById(id).then(
      (admin) => done(null, admin ?? false),
      (err: Error) => done(err),
    );
  }
}
