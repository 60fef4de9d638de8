import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import type { ApiResponse, CreateApiRequest, ProviderName, UpdateApiRequest } from '@switchyard/contracts';
import { httpUrlValidator, integerValidator, requiredText } from '../shared/form-validators';
import { providerOption } from './api-providers';

// Limits mirror the gateway's api-fields.ts / extra-headers.ts so most mistakes are caught before a round trip.
export const DEFAULT_TIMEOUT_MS = 300_000;
export const MIN_TIMEOUT_MS = 1000;
export const MAX_TIMEOUT_MS = 3_600_000;
export const MAX_PRICE = 999_999;
export const MAX_API_VERSION_LENGTH = 50;
/** RFC 9110 token: what an HTTP header name may consist of. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** It travels in an Authorization header: visible ASCII only. */
const API_KEY = /^\s*[\x21-\x7e]+\s*$/;

export type HeaderRowForm = FormGroup<{
  name: FormControl<string>;
  value: FormControl<string>;
}>;

/** The create/edit form. On edit the key is optional: blank keeps the stored one. */
export function buildApiForm(fb: NonNullableFormBuilder, creating: boolean) {
  return fb.group({
    name: ['', [requiredText, Validators.maxLength(100)]],
    provider: fb.control<ProviderName>('openai', Validators.required),
    baseUrl: ['', [requiredText, Validators.maxLength(2000), httpUrlValidator]],
    model: ['', [requiredText, Validators.maxLength(200)]],
    /** Only used by providers that offer it (Azure); blank: the gateway's default. */
    apiVersion: ['', [Validators.maxLength(MAX_API_VERSION_LENGTH)]],
    apiKey: ['', [...(creating ? [requiredText] : []), Validators.maxLength(500), Validators.pattern(API_KEY)]],
    timeoutMs: fb.control<number | null>(DEFAULT_TIMEOUT_MS, [
      Validators.required,
      Validators.min(MIN_TIMEOUT_MS),
      Validators.max(MAX_TIMEOUT_MS),
      integerValidator,
    ]),
    inputPricePerMTok: fb.control<number | null>(0, [Validators.required, Validators.min(0), Validators.max(MAX_PRICE)]),
    outputPricePerMTok: fb.control<number | null>(0, [Validators.required, Validators.min(0), Validators.max(MAX_PRICE)]),
    extraHeaders: fb.array<HeaderRowForm>([], uniqueHeaderNames),
    allowPrivateNetwork: false,
    enabled: true,
  });
}

export type ApiForm = ReturnType<typeof buildApiForm>;
export type ApiFormValue = ReturnType<ApiForm['getRawValue']>;

export function buildHeaderRow(fb: NonNullableFormBuilder, name = '', value = ''): HeaderRowForm {
  return fb.group({
    name: [name, [requiredText, Validators.pattern(HEADER_NAME)]],
    value: [value, Validators.maxLength(4096)],
  });
}

/** Fills the form from a stored API (edit); the key stays blank because it never leaves the server. */
export function fillApiForm(fb: NonNullableFormBuilder, form: ApiForm, api: ApiResponse): void {
  const { extraHeaders, ...fields } = api;
  form.patchValue({ ...fields, apiVersion: fields.apiVersion ?? '', apiKey: '' });
  form.controls.extraHeaders.clear();
  for (const [name, value] of Object.entries(extraHeaders)) {
    form.controls.extraHeaders.push(buildHeaderRow(fb, name, value));
  }
}

/** Whether the form shows (and sends) the API version for this provider. */
export function offersApiVersion(provider: ProviderName): boolean {
  return providerOption(provider).apiVersion !== undefined;
}

/** Body of POST /api/apis. `apiVersion` only when the provider offers it and one was typed. */
export function toCreateApiRequest(value: ApiFormValue): CreateApiRequest {
  const apiVersion = value.apiVersion.trim();
  return {
    name: value.name.trim(),
    provider: value.provider,
    baseUrl: value.baseUrl.trim().replace(/\/+$/, ''),
    apiKey: value.apiKey.trim(),
    model: value.model.trim(),
    timeoutMs: value.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    inputPricePerMTok: value.inputPricePerMTok ?? 0,
    outputPricePerMTok: value.outputPricePerMTok ?? 0,
    extraHeaders: Object.fromEntries(value.extraHeaders.map((h) => [h.name.trim(), h.value])),
    allowPrivateNetwork: value.allowPrivateNetwork,
    enabled: value.enabled,
    ...(offersApiVersion(value.provider) && apiVersion !== '' ? { apiVersion } : {}),
  };
}

/**
 * Body of PATCH /api/apis/:id: every field, except the key when left blank (keep the stored one).
 * `apiVersion` is sent as null (the default) when blanked, and also when the provider changed to one
 * without the field: a version stored for the old provider would mean nothing (or the wrong thing) to the new one.
 */
export function toUpdateApiRequest(value: ApiFormValue, previousProvider?: ProviderName): UpdateApiRequest {
  const { apiKey, apiVersion: _typed, ...rest } = toCreateApiRequest(value);
  const request: UpdateApiRequest = apiKey === '' ? rest : { ...rest, apiKey };
  if (offersApiVersion(value.provider)) {
    request.apiVersion = value.apiVersion.trim() || null;
  } else if (previousProvider !== undefined && previousProvider !== value.provider) {
    request.apiVersion = null;
  }
  return request;
}

/** Header names are case-insensitive: the same one twice is a mistake. Error key: `duplicateHeader` (the name). */
function uniqueHeaderNames(control: AbstractControl<unknown>): ValidationErrors | null {
  if (!(control instanceof FormArray)) {
    return null;
  }
  const seen = new Set<string>();
  for (const row of control.getRawValue() as { name: string }[]) {
    const name = row.name.trim().toLowerCase();
    if (name !== '' && seen.has(name)) {
      return { duplicateHeader: row.name.trim() };
    }
    seen.add(name);
  }
  return null;
}
