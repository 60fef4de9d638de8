export type SettingType = 'integer' | 'number' | 'boolean' | 'string';

/** One entry of `GET /api/config/schema`. */
export interface SettingSchema {
  key: string;
  type: SettingType;
  default: SettingValue;
  description: string;
  min?: number;
  max?: number;
  /** Allowed values, for string settings that are an enumeration. */
  enum?: string[];
}

export type SettingValue = number | boolean | string;

/** `GET /api/config`: every setting with defaults filled in. */
export type ConfigResponse = Record<string, SettingValue>;

/** Body of `PUT /api/config/:key`. */
export interface UpdateSettingRequest {
  value: SettingValue;
}
