/**
 * Large distinct documents like those of the memory attack in issue 20: aliased `enterprise`
 * lookups asking for every archive category with every field, the rating and objections. Each
 * call with a new `n` gives a document no cache has seen.
 */
import { getNamedType, isLeafType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

export function bigDocuments(schema: GraphQLSchema) {
  const leaves = (typeName: string) => Object.values((schema.getType(typeName) as GraphQLObjectType).getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0).map((f) => f.name).join(' ');
  const enterprise = schema.getType('Enterprise') as GraphQLObjectType;
  const categories = Object.values(enterprise.getFields()).filter((f) => getNamedType(f.type).name !== 'Enterprise' &&
    (getNamedType(f.type) as GraphQLObjectType).getInterfaces?.().some((i) => i.name === 'ArchiveRecord'));
  const lookup = (alias: string, uscc: string) => `${alias}: enterprise(uscc: "${uscc}") { uscc name overview { ${leaves('EnterpriseOverview')} } ` +
    `${categories.map((c) => `${c.name} { ${leaves(getNamedType(c.type).name)} }`).join(' ')} ` +
    'rating { grade score indicators { code name points basis { id catalogItemCode } } } objections { id } }';
  /** Document `n`, with `lookups` aliased enterprises (ten make about 18 kB). */
  return (n: number, usccs: string[], lookups = 10) =>
    `query Q${n} { ${Array.from({ length: lookups }, (_, i) => lookup(`e${n}_${i}`, usccs[i % usccs.length]!)).join(' ')} }`;
}
