import { FormControl } from '@angular/forms';
import { describe, expect, it } from 'vitest';
import { makeUser } from '../shared/testing/fixtures';
import { exclusiveAllModels, normalizeAllowedModels, toUpdateUserRequest } from './user-form';

describe('normalizeAllowedModels', () => {
  it('keeps only All models when it was just picked', () => {
    expect(normalizeAllowedModels(['gpt-4o', '*'], ['gpt-4o'])).toEqual(['*']);
  });

  it('drops All models when an alias was picked after it', () => {
    expect(normalizeAllowedModels(['*', 'gpt-4o'], ['*'])).toEqual(['gpt-4o']);
  });

  it('leaves a plain selection alone', () => {
    expect(normalizeAllowedModels(['gpt-4o', 'chat-fast'], ['gpt-4o'])).toEqual(['gpt-4o', 'chat-fast']);
    expect(normalizeAllowedModels(['*'], [])).toEqual(['*']);
  });
});

describe('exclusiveAllModels', () => {
  it('refuses All models combined with aliases, even when set directly', () => {
    expect(exclusiveAllModels(new FormControl(['*', 'gpt-4o']))).toEqual({ exclusiveAllModels: true });
    expect(exclusiveAllModels(new FormControl(['*']))).toBeNull();
    expect(exclusiveAllModels(new FormControl(['gpt-4o', 'chat-fast']))).toBeNull();
  });
});

describe('toUpdateUserRequest', () => {
  const value = {
    name: 'alice',
    allowedModels: ['*'],
    rateLimitRpm: null,
    rateLimitTpm: 0,
    budgetUsd: null,
    budgetPeriod: 'month' as const,
    expiresAt: new Date(2099, 0, 15),
    enabled: true,
  };

  it('moves a changed expiry to the end of the picked day', () => {
    const request = toUpdateUserRequest(value, makeUser({ expiresAt: '2099-06-01T12:00:00.000Z' }), true);
    expect(request.expiresAt).toBe(new Date(2099, 0, 15, 23, 59, 59, 999).toISOString());
  });

  it('sends an untouched expiry back exactly as stored', () => {
    const request = toUpdateUserRequest(value, makeUser({ expiresAt: '2099-06-01T12:00:00.000Z' }), false);
    expect(request.expiresAt).toBe('2099-06-01T12:00:00.000Z');
  });
});
