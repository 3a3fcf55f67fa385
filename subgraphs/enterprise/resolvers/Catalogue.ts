/** The catalogue as the schema shows it: the loaded catalogue (lib/catalogue), field by field. */
import type {
  CatalogueDepartmentResolvers, CatalogueItemResolvers, PublicityRuleResolvers,
} from '../../../codegen/enterprise.ts';
import { deadlineDaysOf } from '../../../lib/catalogue/index.ts';

export const CatalogueDepartment: CatalogueDepartmentResolvers = {
  items: (d, _args, ctx) => ctx.catalogue.itemsOf(d.code).map((i) => i.code),
};

export const CatalogueItem: CatalogueItemResolvers = {
  deadlineDays: (item) => deadlineDaysOf(item),
  publicity: (item) => (item.publicity ? { from: item.publicity.from ?? null, until: item.publicity.until ?? null, rules: item.publicity.rules ?? [] } : null),
  fields: (item) => item.fields.map((f) => ({
    name: f.name, type: f.type, required: f.required, label: f.label ?? null, values: f.values ?? null,
    maxLength: f.maxLength ?? null, pattern: f.pattern ?? null, min: f.min ?? null, max: f.max ?? null,
  })),
};

export const PublicityRule: PublicityRuleResolvers = {
  when: (rule) => Object.entries(rule.when ?? {}).map(([field, v]) => ({ field, values: Array.isArray(v) ? v : [v] })),
};
