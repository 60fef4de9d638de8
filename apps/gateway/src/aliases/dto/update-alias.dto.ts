import { AliasStrategy, UpdateAliasRequest } from '@switchyard/contracts';
import { Optional } from '../../apis/dto/api-fields';
import { AliasField, AliasTargetDto } from './alias-fields';

/** Any subset of the create fields; `apiId` or `targets` replaces the whole target set. */
export class UpdateAliasDto implements UpdateAliasRequest {
  @Optional()
  @AliasField.alias()
  alias?: string;

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
