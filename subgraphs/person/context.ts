/** What every resolver of the person subgraph gets, built fresh per request (`main.ts`). */
import type { Catalogue } from '../../lib/catalogue/index.ts';
import type { RepairRules } from '../../lib/catalogue/repair-rules.ts';
import { decryptIdNumber, encryptIdNumber, idNumberHmac } from '../../lib/identifiers/id-number-crypto.ts';
import type { BaseContext } from '../../lib/subgraph.ts';
import type { HolidayCalendar } from '../../lib/working-days.ts';
import type { AccessLog } from './access-log.ts';
import type { Db } from './db/client.ts';
import type { Loaders } from './loaders.ts';
import type { PersonReports } from './reports.ts';
import type { IntegrityCodes } from './same-city.ts';

/** The ways the subgraph touches resident ID numbers, with the keys bound. */
export interface IdNumberCrypto {
  /** The lookup key of an ID number (column `idHash`). */
  hash(idNumber: string): string;
  /** The whole ID number from column `idCipher`. */
  reveal(idCipher: string): string;
  /** The `idCipher` of an ID number: how a collected record's versions keep it (collection/). */
  conceal(idNumber: string): string;
}

/** What the person subgraph prepares once, at start (`setup` in main.ts). */
export interface PersonDeps {
  idNumbers: IdNumberCrypto;
  /** Integrity codes: signing key, issuing city, lifetime, verifier. */
  integrity: IntegrityCodes;
  /** The process's group-commit writer of the access log. */
  accessLog: AccessLog;
  /** Public holidays and make-up working days: objections' deadlines count working days. */
  calendar: HolidayCalendar;
  /** Personal credit reports' signing key. */
  reports: PersonReports;
  /** Credit repair (issue 16): the rules per class of record, and the catalogue whose departments decide. */
  repairRules: RepairRules;
  catalogue: Catalogue;
}

export interface Context extends BaseContext<Db>, Omit<PersonDeps, 'accessLog'> {
  loaders: Loaders;
}

export function idNumberCrypto(keys: { idHmacSecret: string; idEncryptionKey: Uint8Array }): IdNumberCrypto {
  return {
    hash: (idNumber) => idNumberHmac(idNumber, keys.idHmacSecret),
    reveal: (idCipher) => decryptIdNumber(idCipher, keys.idEncryptionKey),
    conceal: (idNumber) => encryptIdNumber(idNumber, keys.idEncryptionKey),
  };
}
