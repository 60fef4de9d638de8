import type { ProviderName } from '@switchyard/contracts';

export interface ApiProviderOption {
  readonly value: ProviderName;
  readonly label: string;
  /** Suggested base URL, shown as the field's placeholder. */
  readonly exampleBaseUrl: string;
  /** What the base URL is for this provider. */
  readonly baseUrlHint: string;
  /** What `model` means for this provider (an upstream model id, an Azure deployment name, ...). */
  readonly modelHint: string;
  readonly modelPlaceholder: string;
  /** Whether the API form offers `apiVersion` for this provider (blank = the gateway's default). */
  readonly apiVersion?: { readonly placeholder: string; readonly hint: string };
}

/**
 * The built-in providers: labels and hints for names the gateway knows, and the select's fallback when
 * `GET /api/providers` fails. Names registered by other modules come from that call and are shown as they are.
 */
export const API_PROVIDERS: readonly ApiProviderOption[] = [
  {
    value: 'openai',
    label: 'OpenAI-compatible',
    exampleBaseUrl: 'https://api.openai.com/v1',
    baseUrlHint: 'Ends in /v1 (OpenAI, vLLM, Ollama, Together, Groq, OpenRouter, …)',
    modelHint: 'The upstream model id requests are sent to',
    modelPlaceholder: 'gpt-4o-mini',
  },
  {
    value: 'azure-openai',
    label: 'Azure OpenAI',
    exampleBaseUrl: 'https://NAME.openai.azure.com',
    baseUrlHint: 'The resource endpoint, e.g. https://NAME.openai.azure.com (no /openai path)',
    modelHint: 'The deployment name in your Azure resource, not the model family',
    modelPlaceholder: 'my-gpt-4o-deployment',
    apiVersion: { placeholder: '2024-10-21', hint: "Azure api-version; leave blank for the gateway's current default" },
  },
  {
    value: 'anthropic',
    label: 'Anthropic',
    exampleBaseUrl: 'https://api.anthropic.com',
    baseUrlHint: 'Usually https://api.anthropic.com (no /v1)',
    modelHint: 'An Anthropic model id, e.g. claude-sonnet-4-5',
    modelPlaceholder: 'claude-sonnet-4-5',
  },
];

/** The option for a provider name: the built-in entry, or a plain one for a name registered by a module. */
export function providerOption(value: ProviderName): ApiProviderOption {
  return (
    API_PROVIDERS.find((p) => p.value === value) ?? {
      value,
      label: value,
      exampleBaseUrl: 'https://…',
      baseUrlHint: 'The base URL this provider module expects',
      modelHint: 'The upstream model id requests are sent to',
      modelPlaceholder: '',
    }
  );
}

/** Human label of a provider; unknown values (a newer gateway, a custom module) are shown as they are. */
export function providerLabel(value: ProviderName): string {
  return providerOption(value).label;
}

/** Select options for the names the gateway reported, in its order, keeping `current` (edit) even when it is gone. */
export function providerOptions(names: readonly ProviderName[], current?: ProviderName): ApiProviderOption[] {
  const unique = [...new Set(current && !names.includes(current) ? [...names, current] : names)];
  return unique.map(providerOption);
}
