import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'switchyard:isPublic';

/** Opts a route out of the global session guard (deny by default). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
