import type { ProviderName } from '@switchyard/contracts';

export interface ApiProviderOption {
  readonly value: ProviderName;
  readonly label: string;
  /** Suggested base URL, shown as the field's placeholder. */
  readonly exampleBaseUrl: string;
}

/**
 * Providers the gateway accepts (`API_PROVIDERS` in the gateway's api-fields.ts). Add an entry here
 * when the gateway registers a new one; the dialog's select and the table's labels follow.
 */
export const API_PROVIDERS: readonly ApiProviderOption[] = [
  { value: 'openai', label: 'OpenAI-compatible', exampleBaseUrl: 'https://api.openai.com/v1' },
];

/** Human label of a provider; unknown values (a newer gateway) are shown as they are. */
export function providerLabel(value: ProviderName): string {
  return API_PROVIDERS.find((p) => p.value === value)?.label ?? value;
}
