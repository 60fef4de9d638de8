import { ModelAliasTargetEntity } from '../aliases/model-alias-target.entity';
import { ModelAliasEntity } from '../aliases/model-alias.entity';
import { ApiEntity } from '../apis/api.entity';
import { AuditLogEntity } from '../audit/audit-log.entity';
import { AdminUserEntity } from '../auth/admin-user.entity';
import { SettingEntity } from '../configuration/setting.entity';
import { RequestLogBodyEntity } from '../logs/request-log-body.entity';
import { RequestLogEntity } from '../logs/request-log.entity';
import { ApiUserEntity } from '../users/api-user.entity';

/** Every TypeORM entity; listed explicitly so the app, the CLI and tests load the same set. */
export const ENTITIES = [
  ApiEntity,
  ModelAliasEntity,
  ModelAliasTargetEntity,
  ApiUserEntity,
  RequestLogEntity,
  RequestLogBodyEntity,
  SettingEntity,
  AdminUserEntity,
  AuditLogEntity,
];
