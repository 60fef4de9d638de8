import { FormControl } from '@angular/forms';
import { describe, expect, it } from 'vitest';
import { httpUrlValidator, integerValidator, requiredText } from './form-validators';

describe('httpUrlValidator', () => {
  it.each(['https://api.openai.com/v1', 'http://10.0.0.5:8000/v1', 'http://localhost:11434', ''])('accepts %j', (value) => {
    expect(httpUrlValidator(new FormControl(value))).toBeNull();
  });

  it.each([
    'api.openai.com/v1',
    'ftp://example.com',
    'https://user:pw@example.com',
    'https://example.com/v1?x=1',
    'https://example.com/#top',
    'http://',
    'not a url',
  ])('rejects %j', (value) => {
    expect(httpUrlValidator(new FormControl(value))).toEqual({ httpUrl: true });
  });
});

describe('requiredText', () => {
  it('rejects empty and whitespace-only text', () => {
    expect(requiredText(new FormControl(''))).toEqual({ required: true });
    expect(requiredText(new FormControl('  \t'))).toEqual({ required: true });
    expect(requiredText(new FormControl(' a '))).toBeNull();
  });
});

describe('integerValidator', () => {
  it('accepts whole numbers and empty values, rejects fractions', () => {
    expect(integerValidator(new FormControl(1000))).toBeNull();
    expect(integerValidator(new FormControl(null))).toBeNull();
    expect(integerValidator(new FormControl(1.5))).toEqual({ integer: true });
  });
});
