/**
 * Identifiers: USCCs, person ids, ID numbers, UUID-shaped ids; unique by construction (bijections
 * of the index), so no seed size ever repeats one.
 */
import { makeIdNumber } from '../../../lib/identifiers/id-number.ts';
import { makeUscc, USCC_ALPHABET } from '../../../lib/identifiers/uscc.ts';
import { dayOf, isoOf } from '../dates.ts';
import { affinePermutation, Rng, Stream } from '../prng.ts';
import type { SocialOrgType } from '../vocabulary/organizations.ts';
import { BIRTH_REGIONS, type District } from '../vocabulary/places.ts';

/** Base-31 digits over the USCC alphabet, fixed width. */
function base31(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = USCC_ALPHABET[n % 31] + s;
    n = Math.floor(n / 31);
  }
  return s;
}

/** A UUID-shaped id: random-looking, unique by construction (the last 12 hex digits are a bijection of the index). */
export function uuidFor(rng: Rng, unique: number): string {
  const h = rng.hex(16);
  const variant = '89ab'[rng.int(0, 3)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(12, 15)}-${variant}${h.slice(15, 16)}${rng.hex(2)}-${unique.toString(16).padStart(12, '0')}`;
}

const MA_SPACE = 31 ** 6; // 'MA' + 6 characters
const NUMERIC_SPACE = 100_000_000; // pre-2015 organisation codes: 8 digits
let maPerm: ((i: number) => number) | undefined;
let numericPerm: ((i: number) => number) | undefined;
let socialPerm: ((i: number) => number) | undefined;
let personIdPerm: ((i: number) => number) | undefined;
let idNumberPerm: ((i: number) => number) | undefined;

export function enterpriseUscc(i: number, rng: Rng, district: District): string {
  // Seven in ten carry a post-2015 code ('MA…'), the others an older numeric organisation code.
  const orgCodeBody = rng.chance(0.7)
    ? 'MA' + base31((maPerm ??= affinePermutation(MA_SPACE, Stream.ENTERPRISE_CODE))(i), 6)
    : String((numericPerm ??= affinePermutation(NUMERIC_SPACE, Stream.ENTERPRISE_CODE + 100))(i)).padStart(8, '0');
  return makeUscc({ authority: '9', orgType: '1', regionCode: district.code, orgCodeBody });
}

export function socialOrgUscc(k: number, type: SocialOrgType, district: District): string {
  const orgCodeBody = 'MJ' + base31((socialPerm ??= affinePermutation(MA_SPACE, Stream.SOCIAL_ORG_CODE))(k), 6);
  return makeUscc({ authority: '5', orgType: type.usccType, regionCode: district.code, orgCodeBody });
}

/** The opaque id of person `j` (the same in every seed). */
export function personId(j: number): string {
  // A prime modulus (just under 16^11), so consecutive persons differ in every digit.
  const unique = (personIdPerm ??= affinePermutation(17_592_186_044_399, Stream.PERSON_ID))(j);
  return uuidFor(Rng.for(Stream.PERSON_ID, j), unique);
}

const BIRTH_FROM = dayOf('1950-01-01');
const BIRTH_DAYS = dayOf('2004-12-31') - BIRTH_FROM + 1;
const SEQUENCES = 999; // 001-999
const ID_SPACE = BIRTH_REGIONS.length * BIRTH_DAYS * SEQUENCES;

/** The resident ID number of person `j`: a bijection of j over (region, birth date, sequence), so never repeated. */
export function personIdNumber(j: number): string {
  let p = (idNumberPerm ??= affinePermutation(ID_SPACE, Stream.PERSON + 100))(j);
  const seq = (p % SEQUENCES) + 1;
  p = Math.floor(p / SEQUENCES);
  const birth = BIRTH_FROM + (p % BIRTH_DAYS);
  const region = BIRTH_REGIONS[Math.floor(p / BIRTH_DAYS)]!;
  return makeIdNumber(region, isoOf(birth).replaceAll('-', ''), seq);
}
