/** Days and months for usage and quotas are counted in China Standard Time: see lib/time.ts. */
export { cstDayStart, cstMonthStart, hourStart, nextCstMonthStart } from '../../lib/time.ts';
