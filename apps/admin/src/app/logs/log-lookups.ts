import { inject, Injectable } from '@angular/core';
import { catchError, forkJoin, map, Observable, of } from 'rxjs';
import { AliasesService } from '../aliases/aliases.service';
import { httpErrorMessage } from '../shared/http-error-message';
import { UsersService } from '../users/users.service';
import { UserOption } from './log-filter-bar';

export interface LogLookupResult {
  users: UserOption[];
  models: string[];
  /** Why the names could not be loaded; the log still works, showing ids. */
  error: string | null;
}

/** User names and alias names for the log's filters and its user column. */
@Injectable({ providedIn: 'root' })
export class LogLookups {
  private readonly users = inject(UsersService);
  private readonly aliases = inject(AliasesService);

  load(): Observable<LogLookupResult> {
    return forkJoin({ users: this.users.list(), aliases: this.aliases.list() }).pipe(
      map(({ users, aliases }) => ({
        users: users.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
        models: aliases.map((a) => a.alias).sort((a, b) => a.localeCompare(b)),
        error: null,
      })),
      catchError((error: unknown) => of({ users: [], models: [], error: httpErrorMessage(error, 'Could not load user and model names.') })),
    );
  }
}
