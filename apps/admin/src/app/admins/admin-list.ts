import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { AdminAccount } from '@switchyard/contracts';
import { filter, switchMap } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { ConfirmDialog } from '../shared/confirm-dialog';
import { httpErrorMessage } from '../shared/http-error-message';
import { Notifier } from '../shared/notifier';
import { PendingIds } from '../shared/pending-ids';
import { AdminFormDialog } from './admin-form-dialog';
import { AdminsService } from './admins.service';

/** Administrator accounts: add, change a password, disable/enable, delete (never yourself). */
@Component({
  selector: 'sy-admin-list',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatProgressBarModule, MatSlideToggleModule, MatTableModule, MatTooltipModule],
  templateUrl: './admin-list.html',
  styleUrl: './admin-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminList {
  private readonly adminsService = inject(AdminsService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly auth = inject(AuthService);

  protected readonly columns = ['username', 'enabled', 'lastLoginAt', 'createdAt', 'actions'];
  protected readonly admins = signal<readonly AdminAccount[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = new PendingIds();

  constructor() {
    this.loadAdmins();
  }

  protected isSelf(admin: AdminAccount): boolean {
    return this.auth.me()?.id === admin.id;
  }

  protected loadAdmins(): void {
    this.loading.set(true);
    this.loadError.set(null);
    this.adminsService
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (admins) => {
          this.admins.set(admins);
          this.loading.set(false);
        },
        error: (error: unknown) => {
          this.loadError.set(httpErrorMessage(error, 'The admins could not be loaded.'));
          this.loading.set(false);
        },
      });
  }

  protected addAdmin(): void {
    AdminFormDialog.open(this.dialog)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((created) => {
        if (created && created !== true) {
          this.admins.update((admins) => [...admins, created].sort((a, b) => a.username.localeCompare(b.username)));
          this.notifier.success(`Admin “${created.username}” added`);
        }
      });
  }

  protected changePassword(admin: AdminAccount): void {
    AdminFormDialog.open(this.dialog, { admin })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((done) => {
        if (done) this.notifier.success(`Password of “${admin.username}” changed; their other sessions ended`);
      });
  }

  protected setEnabled(admin: AdminAccount, change: MatSlideToggleChange): void {
    const disabled = !change.checked;
    this.busy.add(admin.id);
    this.adminsService
      .setDisabled(admin.id, disabled)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.busy.delete(admin.id);
          this.admins.update((admins) => admins.map((a) => (a.id === saved.id ? saved : a)));
          this.notifier.success(`Admin “${admin.username}” ${saved.disabled ? 'disabled; their sessions ended' : 'enabled'}`);
        },
        error: (error: unknown) => {
          this.busy.delete(admin.id);
          change.source.checked = !admin.disabled;
          this.notifier.httpFailure(`Could not ${disabled ? 'disable' : 'enable'} admin “${admin.username}”`, error);
        },
      });
  }

  protected deleteAdmin(admin: AdminAccount): void {
    ConfirmDialog.open(this.dialog, {
      title: 'Delete admin?',
      message: `Delete “${admin.username}”? Their sessions end immediately. This cannot be undone.`,
      confirmLabel: 'Delete',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.add(admin.id);
          return this.adminsService.remove(admin.id);
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.busy.delete(admin.id);
          this.admins.update((admins) => admins.filter((a) => a.id !== admin.id));
          this.notifier.success(`Admin “${admin.username}” deleted`);
        },
        error: (error: unknown) => {
          this.busy.delete(admin.id);
          this.notifier.httpFailure(`Could not delete admin “${admin.username}”`, error);
        },
      });
  }
}
