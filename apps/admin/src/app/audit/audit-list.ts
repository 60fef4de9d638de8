import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { AuditEntry } from '@switchyard/contracts';
import { EmptyState } from '../shared/empty-state';
import { httpErrorMessage } from '../shared/http-error-message';
import { AuditDetailDialog } from './audit-detail-dialog';
import { AuditService } from './audit.service';

export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit trail, newest first, one server page at a time. Keyset cursors only go forward, so the
 * page keeps the cursors it came through to offer "newer" as well.
 */
@Component({
  selector: 'sy-audit-list',
  imports: [DatePipe, EmptyState, MatButtonModule, MatIconModule, MatProgressBarModule, MatTableModule],
  templateUrl: './audit-list.html',
  styleUrl: './audit-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditList {
  private readonly audit = inject(AuditService);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly columns = ['createdAt', 'admin', 'action', 'target'];
  protected readonly entries = signal<readonly AuditEntry[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  /** Cursors of the pages shown so far: `[null]` is the newest page. */
  private readonly cursors = signal<readonly (string | null)[]>([null]);
  private readonly nextCursor = signal<string | null>(null);
  protected readonly hasOlder = computed(() => this.nextCursor() !== null);
  protected readonly hasNewer = computed(() => this.cursors().length > 1);
  protected readonly pageNumber = computed(() => this.cursors().length);

  constructor() {
    this.loadPage();
  }

  protected loadPage(): void {
    const cursors = this.cursors();
    this.loading.set(true);
    this.loadError.set(null);
    this.audit
      .page(AUDIT_PAGE_SIZE, cursors[cursors.length - 1])
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.entries.set(page.items);
          this.nextCursor.set(page.nextCursor);
          this.loading.set(false);
        },
        error: (error: unknown) => {
          this.loadError.set(httpErrorMessage(error, 'The audit trail could not be loaded.'));
          this.loading.set(false);
        },
      });
  }

  protected older(): void {
    const next = this.nextCursor();
    if (!next) return;
    this.cursors.update((cursors) => [...cursors, next]);
    this.loadPage();
  }

  protected newer(): void {
    this.cursors.update((cursors) => (cursors.length > 1 ? cursors.slice(0, -1) : cursors));
    this.loadPage();
  }

  protected showEntry(entry: AuditEntry): void {
    AuditDetailDialog.open(this.dialog, entry);
  }
}
