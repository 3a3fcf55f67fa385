/**
 * What metering counts, read from the schema rather than kept by hand:
 * - an **archive record** is any object of the `ArchiveRecord` interface (the 1+9+X archive's
 *   categories implement it). Every field whose type is one, whatever leads there (`penalties`,
 *   `rating { indicators { basis } }`, `checkSanctions { basis }`), returns archive records; they
 *   are counted per distinct enterprise (the nearest `Enterprise` above them in the response), and
 *   one per record where no enterprise encloses them;
 * - a **person record** is a field of `Person` under the `personal-data` policy, counted per
 *   distinct person.
 */
import { getNamedType, isInterfaceType, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { AuthorizationRules } from '../authorization/directives.ts';

export const ARCHIVE_INTERFACE = 'ArchiveRecord';
const PERSON_RECORD_POLICY = 'personal-data';

export interface Subject {
  kind: 'archive' | 'person';
  /** The field that identifies the subject, read through a probe. */
  key: string;
}

export interface Subjects {
  /** Subject types by name: `Enterprise` (archive pulls) and `Person` (person record pulls). */
  byType: Map<string, Subject>;
  /** Does this field return archive records? */
  returnsArchive(field: GraphQLField<unknown, unknown>): boolean;
  /** Is `Type.field` one of a person's records? */
  personRecord(typeName: string, fieldName: string): boolean;
}

export function deriveSubjects(schema: GraphQLSchema, rules: AuthorizationRules): Subjects {
  const archiveTypes = new Set<string>();
  const iface = schema.getType(ARCHIVE_INTERFACE);
  if (iface && isInterfaceType(iface)) {
    archiveTypes.add(iface.name);
    for (const t of schema.getPossibleTypes(iface)) archiveTypes.add(t.name);
  }
  const personFields = new Set<string>();
  for (const [coordinate, rule] of rules.fields) {
    if (coordinate.startsWith('Person.') && rule.policies?.some((all) => all.includes(PERSON_RECORD_POLICY))) personFields.add(coordinate);
  }
  const byType = new Map<string, Subject>();
  if (schema.getType('Enterprise')) byType.set('Enterprise', { kind: 'archive', key: 'uscc' });
  if (schema.getType('Person')) byType.set('Person', { kind: 'person', key: 'id' });
  return {
    byType,
    returnsArchive: (field) => archiveTypes.has(getNamedType(field.type).name),
    personRecord: (typeName, fieldName) => personFields.has(`${typeName}.${fieldName}`),
  };
}
