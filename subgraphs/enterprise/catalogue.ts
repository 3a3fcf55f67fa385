/**
 * Catalogue item codes for the records the platform itself writes (a commitment recorded through
 * the API, the breach of one), in the city's catalogue of the enterprise's region: the city code
 * (first four digits of the region + 00), the category (CN 信用承诺, QT 其他) and item 900, kept
 * for platform-written items (`440300-CN-900`).
 */
export type PlatformCategory = 'CN' | 'QT';

export function platformItemCode(regionCode: string, category: PlatformCategory): string {
  return `${regionCode.slice(0, 4)}00-${category}-900`;
}

/** The source department of records the platform writes. */
export const PLATFORM_DEPARTMENT = '公共信用信息平台';
