import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import type { ApiResponse } from '@switchyard/contracts';
import { Observable } from 'rxjs';
import { breakerStateLabel, summarizeHealth } from './api-health';

export interface ApiHealthDialogData {
  readonly api: ApiResponse;
}

/** Circuit-breaker details of one API: current state, why and since when, and recent transitions. */
@Component({
  selector: 'sy-api-health-dialog',
  imports: [DatePipe, MatButtonModule, MatDialogModule],
  host: { 'data-testid': 'api-health-dialog' },
  template: `
    <h2 mat-dialog-title>Health of “{{ api.name }}”</h2>
    <mat-dialog-content>
      @if (api.health; as health) {
        <dl class="fields">
          <dt>Breaker</dt>
          <dd data-testid="api-health-state">{{ stateLabel(health.state) }}</dd>
          <dt>Since</dt>
          <dd>{{ health.since ? (health.since | date: 'medium') + ' (' + summary.since + ')' : 'Gateway start' }}</dd>
          <dt>Consecutive failures</dt>
          <dd>{{ health.consecutiveFailures }}</dd>
          <dt>Last reason</dt>
          <dd>{{ health.reason ?? '—' }}</dd>
        </dl>
        <h3>History</h3>
        @if (health.history.length > 0) {
          <table class="history" data-testid="api-health-history">
            <thead>
              <tr>
                <th>Time</th>
                <th>State</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              @for (event of health.history; track $index) {
                <tr data-testid="api-health-event">
                  <td>{{ event.at | date: 'medium' }}</td>
                  <td>{{ event.state }}</td>
                  <td>{{ event.reason ?? '—' }}</td>
                </tr>
              }
            </tbody>
          </table>
        } @else {
          <p class="muted" data-testid="api-health-no-history">No state changes since the gateway started.</p>
        }
        <p class="muted">As seen by the gateway instance that answered; other instances keep their own breaker.</p>
      } @else {
        <p class="muted">This gateway does not report breaker state.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close data-testid="api-health-close">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .fields {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 6px 16px;
      margin: 0;
      dt {
        font: var(--mat-sys-label-large);
        color: var(--mat-sys-on-surface-variant);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    }
    h3 {
      margin: 16px 0 8px;
      font: var(--mat-sys-title-small);
    }
    .history {
      width: 100%;
      border-collapse: collapse;
      th,
      td {
        padding: 4px 8px;
        text-align: left;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ApiHealthDialog {
  protected readonly api = inject<ApiHealthDialogData>(MAT_DIALOG_DATA).api;
  protected readonly summary = summarizeHealth(this.api.health);
  protected readonly stateLabel = breakerStateLabel;

  static open(dialog: MatDialog, api: ApiResponse): Observable<unknown> {
    return dialog
      .open<ApiHealthDialog, ApiHealthDialogData>(ApiHealthDialog, { data: { api }, width: '560px', maxWidth: '95vw' })
      .afterClosed();
  }
}
