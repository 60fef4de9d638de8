import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
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
import type { ApiResponse } from '@switchyard/contracts';
import { filter, switchMap } from 'rxjs';
import { ConfirmDialog } from '../shared/confirm-dialog';
import { EmptyState } from '../shared/empty-state';
import { httpErrorMessage } from '../shared/http-error-message';
import { Notifier } from '../shared/notifier';
import { PendingIds } from '../shared/pending-ids';
import { ApiFormDialog } from './api-form-dialog';
import { healthRank } from './api-health';
import { ApiHealthChip } from './api-health-chip';
import { providerLabel } from './api-providers';
import { ApiTestDialog } from './api-test-dialog';
import { ApisService } from './apis.service';

/**
 * The upstream APIs page. GET /api/apis answers the whole (short) list, so sorting, filtering and
 * paging happen in the browser through MatTableDataSource.
 */
@Component({
  selector: 'sy-api-list',
  imports: [
    ApiHealthChip,
    EmptyState,
    MatButtonModule,
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
  templateUrl: './api-list.html',
  styleUrl: './api-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiList {
  private readonly apisService = inject(ApisService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly sort = viewChild(MatSort);
  private readonly paginator = viewChild(MatPaginator);

  protected readonly columns = ['name', 'provider', 'baseUrl', 'model', 'health', 'enabled', 'apiKeyHint', 'actions'];
  protected readonly apis = signal<readonly ApiResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly filterText = signal('');
  protected readonly busy = new PendingIds();
  protected readonly dataSource = new MatTableDataSource<ApiResponse>([]);
  protected readonly providerLabel = providerLabel;

  constructor() {
    this.dataSource.filterPredicate = (api, text) =>
      [api.name, providerLabel(api.provider), api.baseUrl, api.model].some((value) => value.toLowerCase().includes(text));
    this.dataSource.sortingDataAccessor = (api, column) => {
      if (column === 'health') {
        return healthRank(api.health);
      }
      const value: unknown = column === 'provider' ? providerLabel(api.provider) : api[column as keyof ApiResponse];
      return typeof value === 'string' ? value.toLowerCase() : typeof value === 'number' ? value : Number(value === true);
    };
    effect(() => (this.dataSource.data = [...this.apis()]));
    effect(() => (this.dataSource.filter = this.filterText().trim().toLowerCase()));
    effect(() => {
      this.dataSource.sort = this.sort() ?? null;
      this.dataSource.paginator = this.paginator() ?? null;
    });
    this.loadApis();
  }

  protected loadApis(): void {
    this.loading.set(true);
    this.loadError.set(null);
    this.apisService
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (apis) => {
          this.apis.set(apis);
          this.loading.set(false);
        },
        error: (error: unknown) => {
          this.loadError.set(httpErrorMessage(error, 'The APIs could not be loaded.'));
          this.loading.set(false);
        },
      });
  }

  protected addApi(): void {
    ApiFormDialog.open(this.dialog)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((created) => {
        if (created) {
          this.apis.update((apis) => [...apis, created]);
          this.notifier.success(`API “${created.name}” added`);
        }
      });
  }

  protected editApi(api: ApiResponse): void {
    ApiFormDialog.open(this.dialog, { api })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((saved) => {
        if (saved) {
          this.replace(saved);
          this.notifier.success(`API “${saved.name}” saved`);
        }
      });
  }

  protected testConnection(api: ApiResponse): void {
    ApiTestDialog.open(this.dialog, api);
  }

  protected setEnabled(api: ApiResponse, change: MatSlideToggleChange): void {
    const enabled = change.checked;
    this.busy.add(api.id);
    this.apisService
      .update(api.id, { enabled })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.busy.delete(api.id);
          this.replace(saved);
          this.notifier.success(`API “${api.name}” ${saved.enabled ? 'enabled' : 'disabled'}`);
        },
        error: (error: unknown) => {
          this.busy.delete(api.id);
          change.source.checked = api.enabled;
          this.notifier.httpFailure(`Could not ${enabled ? 'enable' : 'disable'} API “${api.name}”`, error);
        },
      });
  }

  protected deleteApi(api: ApiResponse): void {
    ConfirmDialog.open(this.dialog, {
      title: 'Delete API?',
      message: `Delete “${api.name}” (${api.baseUrl})? Its stored key is deleted too. This cannot be undone.`,
      confirmLabel: 'Delete',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.add(api.id);
          return this.apisService.remove(api.id);
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.busy.delete(api.id);
          this.apis.update((apis) => apis.filter((a) => a.id !== api.id));
          this.notifier.success(`API “${api.name}” deleted`);
        },
        error: (error: unknown) => {
          this.busy.delete(api.id);
          this.notifier.httpFailure(`Could not delete API “${api.name}”`, error);
        },
      });
  }

  private replace(saved: ApiResponse): void {
    this.apis.update((apis) => apis.map((a) => (a.id === saved.id ? saved : a)));
  }
}
