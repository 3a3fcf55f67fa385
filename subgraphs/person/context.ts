/** What every resolver of the person subgraph gets, built fresh per request. */
import type { Caller } from '../../lib/caller.ts';
import { decryptIdNumber, idNumberHmac } from '../../lib/identifiers.ts';
import type { Logger } from '../../lib/logger.ts';
import type { HolidayCalendar } from '../../lib/working-days.ts';
import type { AccessLog } from './access-log.ts';
import type { Db } from './db/client.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { PersonReports } from './reports.ts';
import type { IntegrityCodes } from './same-city.ts';

/** The two ways the subgraph touches resident ID numbers, with the keys bound. */
export interface IdNumberCrypto {
  /** The lookup key of an ID number (column `idHash`). */
  hash(idNumber: string): string;
  /** The whole ID number from column `idCipher`. */
  reveal(idCipher: string): string;
}

export interface Context {
  caller: Caller;
  loaders: Loaders;
  db: Db;
  log: Logger;
  idNumbers: IdNumberCrypto;
  /** Integrity codes: signing key, issuing city, lifetime, verifier. */
  integrity: IntegrityCodes;
  now: () => Date;
  /** Public holidays and make-up working days: objections' deadlines count working days. */
  calendar: HolidayCalendar;
  /** Personal credit reports' signing key. */
  reports: PersonReports;
}

export function idNumberCrypto(keys: { idHmacSecret: string; idEncryptionKey: Uint8Array }): IdNumberCrypto {
  return {
    hash: (idNumber) => idNumberHmac(idNumber, keys.idHmacSecret),
    reveal: (idCipher) => decryptIdNumber(idCipher, keys.idEncryptionKey),
  };
}

export function createContext(deps: {
  caller: Caller; db: Db; log: Logger; idNumbers: IdNumberCrypto; integrity: IntegrityCodes; accessLog: AccessLog; now: () => Date;
  calendar: HolidayCalendar;
  reports?: PersonReports;
}): Context {
  return {
    caller: deps.caller,
    db: deps.db,
    log: deps.log,
    idNumbers: deps.idNumbers,
    integrity: deps.integrity,
    now: deps.now,
    calendar: deps.calendar,
    reports: deps.reports ?? { signer: null },
    loaders: createLoaders(deps.db, deps.caller, { accessLog: deps.accessLog, now: deps.now }),
  };
}
