/**
 * Where a catalogue item's records land: the archive slot ("1 + 9 + X") and, for legal persons,
 * the columns of the slot's table that a source department may fill. The catalogue's fields are
 * checked against this at start (lib/catalogue/index.ts), so an item can never promise a field the
 * archive cannot hold, nor leave out a column the archive needs.
 */

export const SLOTS = [
  'OVERVIEW', 'LICENSES', 'PENALTIES', 'RED_LIST', 'BLACK_LIST', 'CERTIFICATES', 'INSPECTIONS',
  'COMMITMENTS', 'EVALUATIONS', 'HONORS', 'OTHER',
] as const;
export type Slot = (typeof SLOTS)[number];

export const SUBJECT_KINDS = ['LEGAL_PERSON', 'NATURAL_PERSON', 'SOCIAL_ORGANIZATION'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const FIELD_TYPES = ['STRING', 'DATE', 'NUMBER', 'INTEGER', 'ENUM', 'USCC', 'ID_NUMBER'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The kind of value a column holds: which field types may fill it. */
type ColumnKind = 'text' | 'date' | 'number' | 'int';

const ACCEPTS: Record<ColumnKind, readonly FieldType[]> = {
  text: ['STRING', 'ENUM'],
  date: ['DATE'],
  number: ['NUMBER', 'INTEGER'],
  int: ['INTEGER'],
};

export interface ColumnSpec {
  kind: ColumnKind;
  /** NOT NULL without a default: an item must declare it as a required field. */
  required: boolean;
}

const col = (kind: ColumnKind, required = false): ColumnSpec => ({ kind, required });

/** The columns every archive record has that a department may send (the rest are set by the platform). */
const COMMON: Record<string, ColumnSpec> = {
  documentNumber: col('text'), decisionDate: col('date'), validFrom: col('date'), validTo: col('date'),
};
const LIST: Record<string, ColumnSpec> = {
  ...COMMON, listName: col('text', true), reason: col('text', true), listingAuthority: col('text', true),
  listedOn: col('date', true), removedOn: col('date'),
};

/**
 * The enterprise archive's sendable columns per slot (prisma/enterprise/schema.prisma). Not here:
 * id, uscc (the subject: the item's USCC field), catalogItemCode, sourceDepartment (the sender),
 * publicityEndDate and publicityPeriodMonths (the catalogue's rule), status and underObjection
 * (the workflows), basisRecordId and legalRepPersonId (links the platform makes).
 */
export const LEGAL_PERSON_COLUMNS: Record<Slot, Record<string, ColumnSpec>> = {
  OVERVIEW: {
    name: col('text', true), entityType: col('text', true), registrationAuthority: col('text', true),
    establishedOn: col('date', true), registeredCapital: col('number'), capitalCurrency: col('text'),
    regionCode: col('text', true), regionName: col('text', true), industryCode: col('text', true),
    industryName: col('text', true), businessScope: col('text', true), address: col('text', true),
    registrationStatus: col('text', true),
  },
  LICENSES: {
    ...COMMON, licenseType: col('text', true), licenseNumber: col('text', true), licenseName: col('text', true), scope: col('text', true),
  },
  PENALTIES: {
    ...COMMON, violation: col('text', true), legalBasis: col('text', true), penaltyType: col('text', true),
    amount: col('number'), severity: col('text', true), domain: col('text', true),
  },
  RED_LIST: LIST,
  BLACK_LIST: LIST,
  CERTIFICATES: { ...COMMON, certificateType: col('text', true), certificateNumber: col('text', true), issuer: col('text', true) },
  INSPECTIONS: {
    ...COMMON, inspectionItem: col('text', true), inspectedOn: col('date', true), result: col('text', true),
    inspectingAuthority: col('text', true),
  },
  // commitmentStatus is NOT NULL but defaults to IN_FORCE on the way in.
  COMMITMENTS: { ...COMMON, commitmentType: col('text', true), content: col('text', true), committedOn: col('date', true), commitmentStatus: col('text') },
  EVALUATIONS: { ...COMMON, industry: col('text', true), grade: col('text', true), evaluator: col('text', true), year: col('int', true) },
  HONORS: { ...COMMON, title: col('text', true), awardedBy: col('text', true), level: col('text', true) },
  OTHER: { ...COMMON, category: col('text', true), title: col('text', true), content: col('text', true) },
};

/** Whether a field of type `type` may fill a column of `spec`. */
export function fieldFitsColumn(type: FieldType, spec: ColumnSpec): boolean {
  return ACCEPTS[spec.kind].includes(type);
}

/** The field naming the subject of an item of each kind. */
export const SUBJECT_FIELD: Record<SubjectKind, { name: string; type: FieldType }> = {
  LEGAL_PERSON: { name: 'uscc', type: 'USCC' },
  SOCIAL_ORGANIZATION: { name: 'uscc', type: 'USCC' },
  NATURAL_PERSON: { name: 'idNumber', type: 'ID_NUMBER' },
};
