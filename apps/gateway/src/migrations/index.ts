import { InitialSchema1795674306477 } from './1795674306477-InitialSchema';
import { LogBodies1795680000000 } from './1795680000000-LogBodies';
import { StatsRollups1795680100000 } from './1795680100000-StatsRollups';
import { BudgetPeriods1795680200000 } from './1795680200000-BudgetPeriods';
import { LogDedup1795690100000 } from './1795690100000-LogDedup';
import { ProviderOptions1795690000000 } from './1795690000000-ProviderOptions';
import { RoutingAttempts1795695000000 } from './1795695000000-RoutingAttempts';
import { AdminsAndAudit1795696000000 } from './1795696000000-AdminsAndAudit';
import { DropStreamIndex1795697000000 } from './1795697000000-DropStreamIndex';
import { PartialErrorSearchIndex1795698000000 } from './1795698000000-PartialErrorSearchIndex';
import { PartialStatusIndex1795699000000 } from './1795699000000-PartialStatusIndex';

/** Every migration, oldest first. Append-only: never edit one that has shipped. */
export const MIGRATIONS: Function[] = [
  InitialSchema1795674306477,
  LogBodies1795680000000,
  StatsRollups1795680100000,
  BudgetPeriods1795680200000,
  LogDedup1795690100000,
  ProviderOptions1795690000000,
  RoutingAttempts1795695000000,
  AdminsAndAudit1795696000000,
  DropStreamIndex1795697000000,
  PartialErrorSearchIndex1795698000000,
  PartialStatusIndex1795699000000,
];
