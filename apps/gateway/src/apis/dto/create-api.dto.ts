import { CreateApiRequest, ProviderName } from '@switchyard/contracts';
import { ApiField, Optional } from './api-fields';

export class CreateApiDto implements CreateApiRequest {
  @ApiField.name()
  name!: string;

  @ApiField.provider()
  provider!: ProviderName;

  @ApiField.baseUrl()
  baseUrl!: string;

  @ApiField.apiKey()
  apiKey!: string;

  @ApiField.model()
  model!: string;

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
