/**
 * Real administrative regions (GB/T 2260 codes) of the cities the demo covers, their streets, and
 * the names of the government departments that supply public credit information there.
 */

export type CityKey = 'shenzhen' | 'huzhou' | 'ningbo' | 'guangzhou';

/** Kinds of source department; `departmentName(city, kind)` gives the local name. */
export type DeptKind =
  | 'SAMR' | 'ECO' | 'EMERGENCY' | 'HOUSING' | 'FIRE' | 'TAX' | 'HRSS' | 'TRANSPORT' | 'COURT'
  | 'CUSTOMS' | 'WATER' | 'HEALTH' | 'CIVIL' | 'DRC' | 'GOV' | 'SCI' | 'MIIT' | 'COMMERCE'
  | 'CULTURE' | 'EDU' | 'MEDICAL_INSURANCE' | 'HOUSING_FUND' | 'CREDIT' | 'CITY_MGMT' | 'PLANNING'
  | 'TELECOM' | 'TOBACCO' | 'POSTAL' | 'POLICE' | 'FINANCE_REG' | 'SPIRIT'
  | 'PROVINCE_SAMR' | 'PROVINCE_GOV' | 'PROVINCE_CIVIL' | 'PROVINCE_HRSS' | 'PROVINCE_SCI';

export interface City {
  key: CityKey;
  name: string;
  /** Prefecture-level code: the prefix of catalogue item codes. */
  code: string;
  province: string;
  /** Province abbreviation used in document numbers (粤, 浙). */
  provinceAbbr: string;
  /** City abbreviation used in document numbers (深, 湖, 甬, 穗). */
  abbr: string;
  /** Name without 市 (深圳). */
  short: string;
}

export interface District {
  code: string;
  name: string;
  city: City;
  streets: readonly string[];
  /** Relative share of the demo's market subjects. */
  weight: number;
  /** The market regulation office that registers enterprises here. */
  registrationAuthority: string;
  /** The district/county court. */
  court: string;
  /** Court code in case numbers: （2023）粤0305执1234号. */
  courtCode: string;
}

const SHENZHEN: City = { key: 'shenzhen', name: '深圳市', code: '440300', province: '广东省', provinceAbbr: '粤', abbr: '深', short: '深圳' };
const HUZHOU: City = { key: 'huzhou', name: '湖州市', code: '330500', province: '浙江省', provinceAbbr: '浙', abbr: '湖', short: '湖州' };
const NINGBO: City = { key: 'ningbo', name: '宁波市', code: '330200', province: '浙江省', provinceAbbr: '浙', abbr: '甬', short: '宁波' };
const GUANGZHOU: City = { key: 'guangzhou', name: '广州市', code: '440100', province: '广东省', provinceAbbr: '粤', abbr: '穗', short: '广州' };

export const CITIES: readonly City[] = [SHENZHEN, HUZHOU, NINGBO, GUANGZHOU];

function shenzhen(code: string, name: string, streets: string[], weight: number): District {
  const bare = name.replace(/区$/, '');
  return {
    code, name, city: SHENZHEN, streets, weight,
    registrationAuthority: `深圳市市场监督管理局${bare}监管局`,
    court: `深圳市${name}人民法院`,
    courtCode: `0${code.slice(3)}`,
  };
}

function zhejiang(city: City, code: string, name: string, streets: string[], weight: number): District {
  const county = name.endsWith('县');
  return {
    code, name, city, streets, weight,
    registrationAuthority: county ? `${name}市场监督管理局` : `${city.name}${name}市场监督管理局`,
    court: county ? `${name}人民法院` : `${city.name}${name}人民法院`,
    courtCode: `0${code.slice(3)}`,
  };
}

export const DISTRICTS: readonly District[] = [
  shenzhen('440303', '罗湖区', ['桂园街道', '东门街道', '笋岗街道', '清水河街道', '翠竹街道'], 5),
  shenzhen('440304', '福田区', ['福田街道', '华强北街道', '沙头街道', '梅林街道', '香蜜湖街道'], 7),
  shenzhen('440305', '南山区', ['粤海街道', '南头街道', '西丽街道', '蛇口街道', '桃源街道'], 8),
  shenzhen('440306', '宝安区', ['新安街道', '西乡街道', '福永街道', '沙井街道', '松岗街道'], 9),
  shenzhen('440307', '龙岗区', ['布吉街道', '坂田街道', '龙城街道', '横岗街道', '平湖街道'], 8),
  shenzhen('440308', '盐田区', ['沙头角街道', '海山街道', '盐田街道'], 1),
  shenzhen('440309', '龙华区', ['民治街道', '龙华街道', '观澜街道', '大浪街道'], 6),
  shenzhen('440310', '坪山区', ['坪山街道', '坑梓街道', '龙田街道'], 2),
  shenzhen('440311', '光明区', ['光明街道', '公明街道', '凤凰街道'], 2),
  zhejiang(HUZHOU, '330502', '吴兴区', ['飞英街道', '爱山街道', '织里镇', '八里店镇'], 4),
  zhejiang(HUZHOU, '330503', '南浔区', ['南浔镇', '练市镇', '双林镇', '菱湖镇'], 3),
  zhejiang(HUZHOU, '330521', '德清县', ['武康街道', '阜溪街道', '新市镇', '乾元镇'], 3),
  zhejiang(HUZHOU, '330522', '长兴县', ['雉城街道', '太湖街道', '煤山镇', '泗安镇'], 3),
  zhejiang(HUZHOU, '330523', '安吉县', ['递铺街道', '孝丰镇', '天子湖镇', '灵峰街道'], 3),
  zhejiang(NINGBO, '330205', '江北区', ['中马街道', '白沙街道', '孔浦街道', '庄桥街道', '洪塘街道'], 4),
  {
    code: '440104', name: '越秀区', city: GUANGZHOU,
    streets: ['北京街道', '农林街道', '东山街道', '六榕街道', '光塔街道'], weight: 6,
    registrationAuthority: '广州市越秀区市场监督管理局',
    court: '广州市越秀区人民法院',
    courtCode: '0104',
  },
];

/** Regions that issue ID numbers of people born elsewhere (real GB/T 2260 codes). */
export const BIRTH_REGIONS: readonly string[] = [
  ...DISTRICTS.map((d) => d.code),
  '430102', // 长沙市芙蓉区
  '430104', // 长沙市岳麓区
  '510107', // 成都市武侯区
  '410105', // 郑州市金水区
  '360102', // 南昌市东湖区
  '450103', // 南宁市青秀区
  '445102', // 潮州市湘桥区
  '440513', // 汕头市潮阳区
  '330302', // 温州市鹿城区
  '420106', // 武汉市武昌区
];

export const ROADS: readonly string[] = [
  '建设路', '人民路', '工业大道', '创业路', '科技路', '滨河路', '解放路', '中山路', '环城路', '新华路',
  '学府路', '高新南路', '商业街', '振兴路', '兴业路', '发展大道', '湖滨路', '文昌路', '青年路', '金融街',
];

export const BUILDINGS: readonly string[] = [
  '科技园', '创新大厦', '商务中心', '产业园', '国际大厦', '金融中心', '工业园', '创意园', '广场', '大厦',
];

const DEPT_SUFFIX: Record<DeptKind, string> = {
  SAMR: '市场监督管理局',
  ECO: '生态环境局',
  EMERGENCY: '应急管理局',
  HOUSING: '住房和城乡建设局',
  FIRE: '消防救援支队',
  TAX: '税务局',
  HRSS: '人力资源和社会保障局',
  TRANSPORT: '交通运输局',
  COURT: '中级人民法院',
  CUSTOMS: '海关',
  WATER: '水利局',
  HEALTH: '卫生健康委员会',
  CIVIL: '民政局',
  DRC: '发展和改革委员会',
  GOV: '人民政府',
  SCI: '科学技术局',
  MIIT: '经济和信息化局',
  COMMERCE: '商务局',
  CULTURE: '文化广电旅游局',
  EDU: '教育局',
  MEDICAL_INSURANCE: '医疗保障局',
  HOUSING_FUND: '住房公积金管理中心',
  CREDIT: '公共信用信息中心',
  CITY_MGMT: '综合行政执法局',
  PLANNING: '自然资源和规划局',
  TELECOM: '通信管理局',
  TOBACCO: '烟草专卖局',
  POSTAL: '邮政管理局',
  POLICE: '公安局',
  FINANCE_REG: '地方金融管理局',
  SPIRIT: '精神文明建设委员会',
  PROVINCE_SAMR: '市场监督管理局',
  PROVINCE_GOV: '人民政府',
  PROVINCE_CIVIL: '民政厅',
  PROVINCE_HRSS: '人力资源和社会保障厅',
  PROVINCE_SCI: '科学技术厅',
};

/** Where a city names a department differently from the common pattern. */
const CITY_DEPT_OVERRIDES: Partial<Record<CityKey, Partial<Record<DeptKind, string>>>> = {
  shenzhen: {
    HOUSING: '深圳市住房和建设局',
    WATER: '深圳市水务局',
    SCI: '深圳市科技创新局',
    MIIT: '深圳市工业和信息化局',
    CULTURE: '深圳市文化广电旅游体育局',
    CREDIT: '深圳市公共信用中心',
    CITY_MGMT: '深圳市城市管理和综合执法局',
    PLANNING: '深圳市规划和自然资源局',
  },
  guangzhou: {
    WATER: '广州市水务局',
    MIIT: '广州市工业和信息化局',
    CITY_MGMT: '广州市城市管理和综合执法局',
    PLANNING: '广州市规划和自然资源局',
  },
};

function computeDepartmentName(city: City, kind: DeptKind): string {
  const override = CITY_DEPT_OVERRIDES[city.key]?.[kind];
  if (override) return override;
  if (kind === 'TAX') return `国家税务总局${city.name}税务局`;
  if (kind === 'CUSTOMS') return `${city.short}海关`;
  if (kind.startsWith('PROVINCE_') || kind === 'TELECOM') return `${city.province}${DEPT_SUFFIX[kind]}`;
  return `${city.name}${DEPT_SUFFIX[kind]}`;
}

const DEPT_NAMES = new Map<City, Record<DeptKind, string>>(CITIES.map((city) => [
  city,
  Object.fromEntries((Object.keys(DEPT_SUFFIX) as DeptKind[]).map((kind) => [kind, computeDepartmentName(city, kind)])) as Record<DeptKind, string>,
]));

/** The local name of a department of kind `kind` in `city`. */
export function departmentName(city: City, kind: DeptKind): string {
  return DEPT_NAMES.get(city)![kind];
}

/** Abbreviations in document numbers: 深市监罚〔2023〕123号. */
export const DEPT_DOC_ABBR: Record<DeptKind, string> = {
  SAMR: '市监', ECO: '环', EMERGENCY: '应急', HOUSING: '建', FIRE: '消', TAX: '税', HRSS: '人社',
  TRANSPORT: '交', COURT: '法', CUSTOMS: '关', WATER: '水', HEALTH: '卫健', CIVIL: '民', DRC: '发改',
  GOV: '府', SCI: '科', MIIT: '工信', COMMERCE: '商', CULTURE: '文旅', EDU: '教', MEDICAL_INSURANCE: '医保',
  HOUSING_FUND: '公积金', CREDIT: '信', CITY_MGMT: '城管', PLANNING: '规自', TELECOM: '通管',
  TOBACCO: '烟', POSTAL: '邮', POLICE: '公', FINANCE_REG: '金管', SPIRIT: '文明',
  PROVINCE_SAMR: '市监', PROVINCE_GOV: '府', PROVINCE_CIVIL: '民', PROVINCE_HRSS: '人社', PROVINCE_SCI: '科',
};
