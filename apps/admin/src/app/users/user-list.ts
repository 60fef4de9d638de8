import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginator, MatPaginatorModule } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSort, MatSortModule } from '@angular/material/sort';
import { MatTableDataSource, MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { UserResponse, UserWithKeyResponse } from '@switchyard/contracts';
import { filter, switchMap } from 'rxjs';
import { ConfirmDialog } from '../shared/confirm-dialog';
import { EmptyState } from '../shared/empty-state';
import { httpErrorMessage } from '../shared/http-error-message';
import { KeyOnceDialog } from '../shared/key-once-dialog';
import { Notifier } from '../shared/notifier';
import { PendingIds } from '../shared/pending-ids';
import { UserFormDialog } from './user-form-dialog';
import { allowedModelLabel, budgetLabel, isExpired, limitLabel, usd } from './user-format';
import { UsersService } from './users.service';

/** The users & keys page: the whole list comes in one GET, so sort/filter/paging happen in the browser. */
@Component({
  selector: 'sy-user-list',
  imports: [
    DatePipe,
    EmptyState,
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    MatSortModule,
    MatTableModule,
    MatTooltipModule,
  ],
  templateUrl: './user-list.html',
  styleUrl: './user-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserList {
  private readonly usersService = inject(UsersService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly sort = viewChild(MatSort);
  private readonly paginator = viewChild(MatPaginator);

  protected readonly columns = [
    'name',
    'keyPrefix',
    'allowedModels',
    'rateLimitRpm',
    'rateLimitTpm',
    'budgetUsd',
    'spentUsd',
    'enabled',
    'expiresAt',
    'lastUsedAt',
    'actions',
  ];
  protected readonly users = signal<readonly UserResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly filterText = signal('');
  protected readonly busy = new PendingIds();
  protected readonly dataSource = new MatTableDataSource<UserResponse>([]);
  protected readonly limitLabel = limitLabel;
  protected readonly budgetLabel = budgetLabel;
  protected readonly allowedModelLabel = allowedModelLabel;
  protected readonly isExpired = isExpired;
  protected readonly usd = usd;

  constructor() {
    this.dataSource.filterPredicate = (user, text) =>
      [user.name, user.keyPrefix, ...user.allowedModels.map(allowedModelLabel)].some((value) => value.toLowerCase().includes(text));
    this.dataSource.sortingDataAccessor = (user, column) => {
      const value: unknown = user[column as keyof UserResponse];
      if (typeof value === 'string') {
        return column === 'expiresAt' || column === 'lastUsedAt' ? Date.parse(value) : value.toLowerCase();
      }
      // Never used / never expires / no budget sort as the smallest value.
      return typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : -1;
    };
    effect(() => (this.dataSource.data = [...this.users()]));
    effect(() => (this.dataSource.filter = this.filterText().trim().toLowerCase()));
    effect(() => {
      this.dataSource.sort = this.sort() ?? null;
      this.dataSource.paginator = this.paginator() ?? null;
    });
    this.loadUsers();
  }

  protected loadUsers(): void {
    this.loading.set(true);
    this.loadError.set(null);
    this.usersService
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (users) => {
          this.users.set(users);
          this.loading.set(false);
        },
        error: (error: unknown) => {
          this.loadError.set(httpErrorMessage(error, 'The users could not be loaded.'));
          this.loading.set(false);
        },
      });
  }

  protected addUser(): void {
    UserFormDialog.open(this.dialog)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((created) => {
        if (created && 'apiKey' in created) {
          this.users.update((users) => [...users, withoutKey(created)]);
          this.notifier.success(`User “${created.name}” created`);
          this.showKeyOnce(created);
        }
      });
  }

  protected editUser(user: UserResponse): void {
    UserFormDialog.open(this.dialog, { user })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((saved) => {
        if (saved) {
          this.replace(saved);
          this.notifier.success(`User “${saved.name}” saved`);
        }
      });
  }

  protected rotateKey(user: UserResponse): void {
    ConfirmDialog.open(this.dialog, {
      title: 'Rotate key?',
      message: `Issue a new key for “${user.name}”? The current key (${user.keyPrefix}…) stops working immediately.`,
      confirmLabel: 'Rotate key',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.add(user.id);
          return this.usersService.rotateKey(user.id);
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (rotated) => {
          this.busy.delete(user.id);
          this.replace(rotated);
          this.notifier.success(`New key issued for “${user.name}”`);
          this.showKeyOnce(rotated);
        },
        error: (error: unknown) => {
          this.busy.delete(user.id);
          this.notifier.httpFailure(`Could not rotate the key of “${user.name}”`, error);
        },
      });
  }

  protected setEnabled(user: UserResponse, change: MatSlideToggleChange): void {
    const enabled = change.checked;
    this.busy.add(user.id);
    this.usersService
      .update(user.id, { enabled })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.busy.delete(user.id);
          this.replace(saved);
          this.notifier.success(`User “${user.name}” ${saved.enabled ? 'enabled' : 'disabled'}`);
        },
        error: (error: unknown) => {
          this.busy.delete(user.id);
          change.source.checked = user.enabled;
          this.notifier.httpFailure(`Could not ${enabled ? 'enable' : 'disable'} user “${user.name}”`, error);
        },
      });
  }

  protected deleteUser(user: UserResponse): void {
    ConfirmDialog.open(this.dialog, {
      title: 'Delete user?',
      message: `Delete “${user.name}”? Their key stops working immediately. This cannot be undone.`,
      confirmLabel: 'Delete',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.add(user.id);
          return this.usersService.remove(user.id);
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.busy.delete(user.id);
          this.users.update((users) => users.filter((u) => u.id !== user.id));
          this.notifier.success(`User “${user.name}” deleted`);
        },
        error: (error: unknown) => {
          this.busy.delete(user.id);
          this.notifier.httpFailure(`Could not delete user “${user.name}”`, error);
        },
      });
  }

  private showKeyOnce(user: UserWithKeyResponse): void {
    KeyOnceDialog.open(this.dialog, { title: 'New API key', owner: user.name, apiKey: user.apiKey });
  }

  private replace(saved: UserResponse): void {
    const user = withoutKey(saved);
    this.users.update((users) => users.map((u) => (u.id === user.id ? user : u)));
  }
}

/** The table never keeps a key in memory longer than the one-time dialog needs it. */
function withoutKey(user: UserResponse | UserWithKeyResponse): UserResponse {
  if ('apiKey' in user) {
    const { apiKey: _apiKey, ...rest } = user;
    return rest;
  }
  return user;
}
