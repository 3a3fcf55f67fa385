// A GraphQL Code Generator plugin: every enum of the public schema as a runtime list, so code that
// must check a value (an x-purpose header, a stored category) reads the schema's list instead of
// writing it out again. Federation's own enums (join__*, link__*) are left out.
import { isEnumType } from 'graphql';

export const plugin = (schema) => {
  const enums = Object.values(schema.getTypeMap())
    .filter((t) => isEnumType(t) && !t.name.startsWith('__') && !t.name.includes('__'))
    .sort((a, b) => a.name.localeCompare(b.name));
  return enums.map((t) => {
    // In the order the SDL writes them (the schema loader sorts them; the source AST keeps the order).
    const written = [t.astNode, ...t.extensionASTNodes].flatMap((node) => node?.values ?? []).map((v) => v.name.value);
    const names = written.length === t.getValues().length ? written : t.getValues().map((v) => v.name);
    const values = names.map((name) => `'${name}'`).join(', ');
    return `export const ${t.name}Values = [${values}] as const;\nexport type ${t.name} = (typeof ${t.name}Values)[number];\n`;
  }).join('\n');
};
