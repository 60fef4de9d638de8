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
import type { AliasResponse, AliasTarget } from '@switchyard/contracts';
import { filter, switchMap } from 'rxjs';
import { ConfirmDialog } from '../shared/confirm-dialog';
import { EmptyState } from '../shared/empty-state';
import { httpErrorMessage } from '../shared/http-error-message';
import { Notifier } from '../shared/notifier';
import { PendingIds } from '../shared/pending-ids';
import { ALIAS_STRATEGIES } from './alias-form';
import { AliasFormDialog } from './alias-form-dialog';
import { AliasesService } from './aliases.service';

/** The model aliases page: the whole list comes in one GET, so sort/filter/paging happen in the browser. */
@Component({
  selector: 'sy-alias-list',
  imports: [
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
  templateUrl: './alias-list.html',
  styleUrl: './alias-list.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AliasList {
  private readonly aliasesService = inject(AliasesService);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly destroyRef = inject(DestroyRef);
  private readonly sort = viewChild(MatSort);
  private readonly paginator = viewChild(MatPaginator);

  protected readonly columns = ['alias', 'description', 'strategy', 'targets', 'enabled', 'actions'];
  protected readonly aliases = signal<readonly AliasResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly filterText = signal('');
  protected readonly busy = new PendingIds();
  protected readonly dataSource = new MatTableDataSource<AliasResponse>([]);

  constructor() {
    this.dataSource.filterPredicate = (alias, text) =>
      [alias.alias, alias.description, ...alias.targets.map((t) => t.apiName)].some((value) => value.toLowerCase().includes(text));
    this.dataSource.sortingDataAccessor = (alias, column) => {
      const value: unknown = alias[column as keyof AliasResponse];
      return typeof value === 'string' ? value.toLowerCase() : Number(value === true);
    };
    effect(() => (this.dataSource.data = [...this.aliases()]));
    effect(() => (this.dataSource.filter = this.filterText().trim().toLowerCase()));
    effect(() => {
      this.dataSource.sort = this.sort() ?? null;
      this.dataSource.paginator = this.paginator() ?? null;
    });
    this.loadAliases();
  }

  protected strategyLabel(value: string): string {
    return ALIAS_STRATEGIES.find((s) => s.value === value)?.label ?? value;
  }

  /** `apiName (w:1, p:0)`, as operators read a target at a glance. */
  protected targetLabel(target: AliasTarget): string {
    return `${target.apiName} (w:${target.weight}, p:${target.priority})`;
  }

  protected loadAliases(): void {
    this.loading.set(true);
    this.loadError.set(null);
    this.aliasesService
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (aliases) => {
          this.aliases.set(aliases);
          this.loading.set(false);
        },
        error: (error: unknown) => {
          this.loadError.set(httpErrorMessage(error, 'The aliases could not be loaded.'));
          this.loading.set(false);
        },
      });
  }

  protected addAlias(): void {
    AliasFormDialog.open(this.dialog)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((created) => {
        if (created) {
          this.aliases.update((aliases) => [...aliases, created]);
          this.notifier.success(`Alias “${created.alias}” added`);
        }
      });
  }

  protected editAlias(alias: AliasResponse): void {
    AliasFormDialog.open(this.dialog, { alias })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((saved) => {
        if (saved) {
          this.replace(saved);
          this.notifier.success(`Alias “${saved.alias}” saved`);
        }
      });
  }

  protected setEnabled(alias: AliasResponse, change: MatSlideToggleChange): void {
    const enabled = change.checked;
    this.busy.add(alias.id);
    this.aliasesService
      .update(alias.id, { enabled })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.busy.delete(alias.id);
          this.replace(saved);
          this.notifier.success(`Alias “${alias.alias}” ${saved.enabled ? 'enabled' : 'disabled'}`);
        },
        error: (error: unknown) => {
          this.busy.delete(alias.id);
          change.source.checked = alias.enabled;
          this.notifier.httpFailure(`Could not ${enabled ? 'enable' : 'disable'} alias “${alias.alias}”`, error);
        },
      });
  }

  protected deleteAlias(alias: AliasResponse): void {
    ConfirmDialog.open(this.dialog, {
      title: 'Delete alias?',
      message: `Delete “${alias.alias}”? Clients calling this model name will get an error. This cannot be undone.`,
      confirmLabel: 'Delete',
      destructive: true,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => {
          this.busy.add(alias.id);
          return this.aliasesService.remove(alias.id);
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.busy.delete(alias.id);
          this.aliases.update((aliases) => aliases.filter((a) => a.id !== alias.id));
          this.notifier.success(`Alias “${alias.alias}” deleted`);
        },
        error: (error: unknown) => {
          this.busy.delete(alias.id);
          this.notifier.httpFailure(`Could not delete alias “${alias.alias}”`, error);
        },
      });
  }

  private replace(saved: AliasResponse): void {
    this.aliases.update((aliases) => aliases.map((a) => (a.id === saved.id ? saved : a)));
  }
}
