import { InitialSchema1795674306477 } from './1795674306477-InitialSchema';

/** Every migration, oldest first. Append-only: never edit one that has shipped. */
export const MIGRATIONS: Function[] = [InitialSchema1795674306477];
