import { ProviderName, UpdateApiRequest } from '@switchyard/contracts';
import { ApiField, Optional } from './api-fields';

/** Any subset of the create fields; a given `apiKey` replaces the stored one. */
export class UpdateApiDto implements UpdateApiRequest {
  @Optional()
  @ApiField.name()
  name?: string;

  @Optional()
  @ApiField.provider()
  provider?: ProviderName;

  @Optional()
  @ApiField.baseUrl()
  baseUrl?: string;

  @Optional()
  @ApiField.apiKey()
  apiKey?: string;

  @Optional()
  @ApiField.model()
  model?: string;

  @ApiField.apiVersion()
  apiVersion?: string | null;

  @Optional()
  @ApiField.timeoutMs()
  timeoutMs?: number;

  @Optional()
  @ApiField.extraHeaders()
  extraHeaders?: Record<string, string>;

  @Optional()
  @ApiField.price()
  inputPricePerMTok?: number;

  @Optional()
  @ApiField.price()
  outputPricePerMTok?: number;

  @Optional()
  @ApiField.flag()
  enabled?: boolean;

  @Optional()
  @ApiField.flag()
  allowPrivateNetwork?: boolean;
}
