/**
 * Catalogue items (lib/catalogue/catalogue.json) of the records the platform itself writes: a
 * commitment recorded through the API or with a repair (信用承诺信息), the breach of one (违反信用承诺信息).
 */
export type PlatformCategory = 'CN' | 'QT';

const PLATFORM_ITEMS: Record<PlatformCategory, string> = { CN: 'FR-CN-001', QT: 'FR-QT-002' };

export function platformItemCode(category: PlatformCategory): string {
  return PLATFORM_ITEMS[category];
}

/** The source department of records the platform writes. */
export const PLATFORM_DEPARTMENT = '公共信用信息平台';
