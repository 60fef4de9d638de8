import { Injectable } from '@nestjs/common';

/** The statistics' notion of "now": windows and rollups follow it (tests pin it to stay off hour edges). */
@Injectable()
export class StatsClock {
  now(): Date {
    return new Date();
  }
}
