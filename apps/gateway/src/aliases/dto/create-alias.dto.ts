import { AliasStrategy, CreateAliasRequest } from '@switchyard/contracts';
import { Optional } from '../../apis/dto/api-fields';
import { AliasField, AliasTargetDto } from './alias-fields';

/** Exactly one of `apiId` and `targets` is required; the service enforces that rule. */
export class CreateAliasDto implements CreateAliasRequest {
  @AliasField.alias()
  alias!: string;

  @Optional()
  @AliasField.description()
  description?: string;

  @Optional()
  @AliasField.strategy()
  strategy?: AliasStrategy;

  @Optional()
  @AliasField.enabled()
  enabled?: boolean;

  @Optional()
  @AliasField.apiId()
  apiId?: string;

  @Optional()
  @AliasField.targets()
  targets?: AliasTargetDto[];
}
