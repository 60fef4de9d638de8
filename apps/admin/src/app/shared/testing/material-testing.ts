import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';

/**
 * Providers for component specs of the admin screens: a mocked HttpClient (use HttpTestingController)
 * and Material animations off, so dialogs and snackbars open and close without waiting for CSS
 * transitions that jsdom never finishes.
 */
export function provideAdminTesting(): (Provider | EnvironmentProviders)[] {
  return [provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }];
}

/**
 * Configures TestBed with {@link provideAdminTesting} plus `extra`. It resets first: spec files share
 * one TestBed per worker, and a spec elsewhere whose afterEach throws leaves it instantiated, which
 * would otherwise fail every test that follows with an unrelated error.
 */
export function configureAdminTestBed(...extra: (Provider | EnvironmentProviders)[]): void {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({ providers: [...provideAdminTesting(), ...extra] });
}

/**
 * For `afterEach`: fails when a request was left unanswered, and resets TestBed even then, so the
 * failure stays in this spec instead of breaking the next spec file's `configureTestingModule`.
 */
export function verifyHttpAndReset(): void {
  try {
    TestBed.inject(HttpTestingController).verify();
  } finally {
    TestBed.resetTestingModule();
  }
}

/** Waits for pending microtasks and macrotasks (dialog close, snackbar open) to run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}
