import { Injectable } from '@nestjs/common';

/** Process state shared by health checks and shutdown. */
@Injectable()
export class Lifecycle {
  shuttingDown = false;
}
