/**
 * What the records of the enterprise archive ("1 + 9 + X") say: licences, penalties with their
 * legal basis, red and black lists, certificates, inspections, commitments, evaluations, honours
 * and other credit information. An item's position in its list is its catalogue item number
 * (`440300-XK-001` is the first licence item of Shenzhen's catalogue).
 */
import { loadRepairRules } from '../../../lib/catalogue/repair-rules.ts';
import type { Rng } from '../prng.ts';
import type { City, DeptKind, District } from './places.ts';

/** What a number builder may draw on. */
export interface NumberCtx {
  rng: Rng;
  city: City;
  district: District;
  uscc: string;
  year: number;
  /** YYYYMMDD of the decision. */
  ymd: string;
}

/** `n` (≤ 9) random decimal digits. */
export const digits = (rng: Rng, n: number): string => String(Math.floor(rng.next() * 10 ** n)).padStart(n, '0');

const provinceCode = (c: NumberCtx) => c.city.code.slice(0, 2);

/** Catalogue category codes (the middle of `440300-XK-001`). */
/**
 * The catalogue item (lib/catalogue/catalogue.json) each kind of synthetic record belongs to;
 * prisma/seed/synthetic.test.ts holds every one to the shipped catalogue.
 */
export const CATALOG = {
  LICENSE: 'FR-XK-001', PENALTY: 'FR-CF-001', RED: 'FR-HMD-001', BLACK: 'FR-HEIMD-001', CERTIFICATE: 'FR-ZZ-001',
  INSPECTION: 'FR-SSJ-001', COMMITMENT: 'FR-CN-001', EVALUATION: 'FR-PJ-001', HONOR: 'FR-RY-001', OTHER: 'FR-QT-001',
  PERSON_PENALTY: 'ZRR-CF-001', SOCIAL_ORG_PENALTY: 'SHZZ-CF-001',
} as const;

// ---------------------------------------------------------------------------------------------
// Administrative licences (行政许可)
// ---------------------------------------------------------------------------------------------

export type LicenseKey =
  | 'FOOD_BUSINESS' | 'FOOD_PRODUCTION' | 'POLLUTANT' | 'INDUSTRIAL_PRODUCT' | 'DRAINAGE'
  | 'HAZARDOUS_CHEMICALS' | 'POWER' | 'CONSTRUCTION' | 'CONSTRUCTION_SAFETY' | 'MEDICAL_DEVICE'
  | 'DRUG_BUSINESS' | 'ALCOHOL' | 'ROAD_TRANSPORT' | 'EXPRESS' | 'PUBLIC_HEALTH' | 'SPECIAL_TRADE'
  | 'TELECOM' | 'ICP' | 'FINANCING_GUARANTEE' | 'REAL_ESTATE' | 'HUMAN_RESOURCES' | 'LABOR_DISPATCH'
  | 'TESTING' | 'WASTE' | 'VEHICLE_REPAIR' | 'PRIVATE_SCHOOL' | 'MEDICAL_INSTITUTION' | 'RADIATION'
  | 'PERFORMANCE';

export interface LicenseSpec {
  key: LicenseKey;
  licenseName: string;
  /** Kind under the Administrative Licensing Law, art. 12: 普通许可 / 特许 / 认可 / 核准 / 登记. */
  licenseType: string;
  dept: DeptKind;
  scopes: readonly string[];
  /** Validity in years; null: no expiry. */
  years: number | null;
  number: (c: NumberCtx) => string;
}

export const LICENSES: readonly LicenseSpec[] = [
  {
    key: 'FOOD_BUSINESS', licenseName: '食品经营许可证', licenseType: '普通许可', dept: 'SAMR', years: 5,
    scopes: ['预包装食品销售（含冷藏冷冻食品）', '热食类食品制售；冷食类食品制售', '散装食品销售（不含冷藏冷冻食品）；保健食品销售'],
    number: (c) => `JY${c.rng.int(1, 3)}${c.district.code}${digits(c.rng, 6)}${digits(c.rng, 1)}`,
  },
  {
    key: 'FOOD_PRODUCTION', licenseName: '食品生产许可证', licenseType: '普通许可', dept: 'SAMR', years: 5,
    scopes: ['糕点（烘烤类糕点）', '饮料（茶饮料及其他饮料类）', '肉制品（热加工熟肉制品）', '茶叶及相关制品'],
    number: (c) => `SC${c.rng.pick(['101', '106', '124', '114', '120'])}${c.district.code}${digits(c.rng, 4)}${digits(c.rng, 1)}`,
  },
  {
    key: 'POLLUTANT', licenseName: '排污许可证', licenseType: '普通许可', dept: 'ECO', years: 5,
    scopes: ['大气污染物排放', '水污染物排放', '大气污染物、水污染物排放；一般工业固体废物贮存'],
    number: (c) => `${c.uscc}${String(c.rng.int(1, 3)).padStart(3, '0')}${c.rng.pick(['V', 'P', 'R', 'Q', 'U'])}`,
  },
  {
    key: 'INDUSTRIAL_PRODUCT', licenseName: '全国工业产品生产许可证', licenseType: '普通许可', dept: 'PROVINCE_SAMR', years: 5,
    scopes: ['电线电缆', '危险化学品包装物及容器', '建筑用钢筋', '化肥'],
    number: (c) => `（${c.city.provinceAbbr}）XK${c.rng.pick(['06', '13', '05', '14'])}-${digits(c.rng, 3)}-${digits(c.rng, 5)}`,
  },
  {
    key: 'DRAINAGE', licenseName: '城镇污水排入排水管网许可证', licenseType: '普通许可', dept: 'WATER', years: 5,
    scopes: ['生活污水排入市政排水管网', '经预处理的生产废水排入市政排水管网'],
    number: (c) => `${c.city.abbr}排水字第${c.year}${digits(c.rng, 4)}号`,
  },
  {
    key: 'HAZARDOUS_CHEMICALS', licenseName: '危险化学品经营许可证', licenseType: '普通许可', dept: 'EMERGENCY', years: 3,
    scopes: ['不带有储存设施的经营（票据）：甲醇、乙醇、丙酮', '汽油、柴油[闭杯闪点≤60℃]的零售'],
    number: (c) => `${c.city.provinceAbbr}${c.city.abbr}应急危化经字〔${c.year}〕${digits(c.rng, 4)}号`,
  },
  {
    key: 'POWER', licenseName: '电力业务许可证', licenseType: '特许', dept: 'PROVINCE_GOV', years: 20,
    scopes: ['发电类（分布式光伏）', '供电类'],
    number: (c) => `10${digits(c.rng, 5)}-${digits(c.rng, 5)}`,
  },
  {
    key: 'CONSTRUCTION', licenseName: '建筑工程施工许可证', licenseType: '普通许可', dept: 'HOUSING', years: null,
    scopes: ['新建厂房及配套设施工程', '住宅楼及地下室工程', '办公楼装饰装修工程', '市政道路改造工程'],
    number: (c) => `${c.district.code}${c.ymd}${digits(c.rng, 4)}`,
  },
  {
    key: 'CONSTRUCTION_SAFETY', licenseName: '安全生产许可证', licenseType: '普通许可', dept: 'HOUSING', years: 3,
    scopes: ['建筑施工'],
    number: (c) => `（${c.city.provinceAbbr}）JZ安许证字〔${c.year}〕${digits(c.rng, 6)}`,
  },
  {
    key: 'MEDICAL_DEVICE', licenseName: '第三类医疗器械经营许可证', licenseType: '普通许可', dept: 'SAMR', years: 5,
    scopes: ['第三类医疗器械：6815注射穿刺器械、6866医用高分子材料及制品', '第三类医疗器械：体外诊断试剂'],
    number: (c) => `${c.city.provinceAbbr}${c.city.abbr}药监械经营许${c.year}${digits(c.rng, 5)}号`,
  },
  {
    key: 'DRUG_BUSINESS', licenseName: '药品经营许可证', licenseType: '普通许可', dept: 'SAMR', years: 5,
    scopes: ['中成药、化学药制剂、抗生素制剂、生化药品', '中药饮片、中成药、化学药制剂'],
    number: (c) => `${c.city.provinceAbbr}${c.rng.pick(['AA', 'CB', 'DA'])}${digits(c.rng, 7)}`,
  },
  {
    key: 'ALCOHOL', licenseName: '烟草专卖零售许可证', licenseType: '特许', dept: 'TOBACCO', years: 5,
    scopes: ['卷烟、雪茄烟零售'],
    number: (c) => `${c.district.code}${digits(c.rng, 6)}`,
  },
  {
    key: 'ROAD_TRANSPORT', licenseName: '道路运输经营许可证', licenseType: '普通许可', dept: 'TRANSPORT', years: 6,
    scopes: ['道路普通货物运输', '道路普通货物运输；货物专用运输（集装箱）', '大型物件运输'],
    number: (c) => `${c.city.provinceAbbr}交运管许可${c.city.abbr}字${c.city.code}${digits(c.rng, 6)}号`,
  },
  {
    key: 'EXPRESS', licenseName: '快递业务经营许可证', licenseType: '普通许可', dept: 'POSTAL', years: 5,
    scopes: ['国内快递（邮政企业专营业务除外）', '国内快递；国际快递（邮政企业专营业务除外）'],
    number: (c) => `${c.city.provinceAbbr}${c.year}${digits(c.rng, 4)}`,
  },
  {
    key: 'PUBLIC_HEALTH', licenseName: '公共场所卫生许可证', licenseType: '普通许可', dept: 'HEALTH', years: 4,
    scopes: ['住宿场所', '美容店、理发店', '游泳场所', '歌舞厅'],
    number: (c) => `${c.city.provinceAbbr}卫公证字〔${c.year}〕第${c.district.code}${digits(c.rng, 6)}号`,
  },
  {
    key: 'SPECIAL_TRADE', licenseName: '特种行业许可证', licenseType: '普通许可', dept: 'POLICE', years: null,
    scopes: ['旅馆业'],
    number: (c) => `${c.city.abbr}公特旅字${digits(c.rng, 6)}号`,
  },
  {
    key: 'TELECOM', licenseName: '增值电信业务经营许可证', licenseType: '特许', dept: 'TELECOM', years: 5,
    scopes: ['第二类增值电信业务中的信息服务业务（仅限互联网信息服务）', '第二类增值电信业务中的在线数据处理与交易处理业务'],
    number: (c) => `${c.city.provinceAbbr}B2-${c.year}${digits(c.rng, 4)}`,
  },
  {
    key: 'ICP', licenseName: '网络文化经营许可证', licenseType: '普通许可', dept: 'CULTURE', years: 3,
    scopes: ['利用信息网络经营动漫产品、演出剧（节）目、艺术品'],
    number: (c) => `${c.city.provinceAbbr}网文〔${c.year}〕${digits(c.rng, 4)}-${digits(c.rng, 3)}号`,
  },
  {
    key: 'FINANCING_GUARANTEE', licenseName: '融资担保业务经营许可证', licenseType: '特许', dept: 'FINANCE_REG', years: null,
    scopes: ['借款类担保业务、发行债券担保业务和其他融资担保业务'],
    number: (c) => `${c.city.provinceAbbr}${digits(c.rng, 6)}`,
  },
  {
    key: 'REAL_ESTATE', licenseName: '商品房预售许可证', licenseType: '普通许可', dept: 'HOUSING', years: null,
    scopes: ['住宅楼1栋A座、B座', '商业、办公楼2栋'],
    number: (c) => `${c.city.abbr}房预售字（${c.year}）${digits(c.rng, 4)}号`,
  },
  {
    key: 'HUMAN_RESOURCES', licenseName: '人力资源服务许可证', licenseType: '普通许可', dept: 'HRSS', years: null,
    scopes: ['职业介绍；人力资源供求信息的收集和发布；人力资源测评'],
    number: (c) => `${c.district.code}${c.year}${digits(c.rng, 4)}`,
  },
  {
    key: 'LABOR_DISPATCH', licenseName: '劳务派遣经营许可证', licenseType: '普通许可', dept: 'HRSS', years: 3,
    scopes: ['劳务派遣'],
    number: (c) => `${c.district.code}${c.year}${digits(c.rng, 5)}`,
  },
  {
    key: 'TESTING', licenseName: '检验检测机构资质认定证书', licenseType: '认可', dept: 'PROVINCE_SAMR', years: 6,
    scopes: ['环境监测（水和废水、环境空气和废气、噪声）', '建筑材料检测', '食品检测'],
    number: (c) => `${String(c.year).slice(2)}${provinceCode(c)}${digits(c.rng, 8)}`,
  },
  {
    key: 'WASTE', licenseName: '城市生活垃圾经营性清扫、收集、运输服务许可证', licenseType: '普通许可', dept: 'CITY_MGMT', years: 3,
    scopes: ['生活垃圾收集、运输'],
    number: (c) => `${c.city.abbr}城管垃许字〔${c.year}〕${digits(c.rng, 3)}号`,
  },
  {
    key: 'VEHICLE_REPAIR', licenseName: '道路运输经营许可证', licenseType: '普通许可', dept: 'TRANSPORT', years: 6,
    scopes: ['机动车维修：二类机动车维修（小型车辆维修）', '机动车维修：三类机动车维修（车身清洁维护、涂漆）'],
    number: (c) => `${c.city.provinceAbbr}交运管许可${c.city.abbr}字${c.district.code}${digits(c.rng, 6)}号`,
  },
  {
    key: 'PRIVATE_SCHOOL', licenseName: '民办学校办学许可证', licenseType: '普通许可', dept: 'EDU', years: 5,
    scopes: ['职业技能培训（电工、焊工、育婴员）', '文化艺术类非学科培训'],
    number: (c) => `教民${c.district.code}${digits(c.rng, 9)}号`,
  },
  {
    key: 'MEDICAL_INSTITUTION', licenseName: '医疗机构执业许可证', licenseType: '普通许可', dept: 'HEALTH', years: 5,
    scopes: ['内科；外科；口腔科；医学检验科', '中医科；康复医学科；预防保健科'],
    number: (c) => `PDY${digits(c.rng, 5)}${c.district.code}${digits(c.rng, 2)}A${digits(c.rng, 4)}`,
  },
  {
    key: 'RADIATION', licenseName: '放射诊疗许可证', licenseType: '普通许可', dept: 'HEALTH', years: 4,
    scopes: ['X射线影像诊断'],
    number: (c) => `${c.city.provinceAbbr}${c.city.abbr}卫放证字〔${c.year}〕第${digits(c.rng, 4)}号`,
  },
  {
    key: 'PERFORMANCE', licenseName: '营业性演出许可证', licenseType: '普通许可', dept: 'CULTURE', years: 2,
    scopes: ['演出经纪', '演出场所经营'],
    number: (c) => `${c.district.code}${c.year}${digits(c.rng, 4)}`,
  },
];

export const LICENSE_INDEX: ReadonlyMap<LicenseKey, number> = new Map(LICENSES.map((l, i) => [l.key, i]));

// ---------------------------------------------------------------------------------------------
// Administrative penalties (行政处罚)
// ---------------------------------------------------------------------------------------------

export type PenaltyDomain = 'GENERAL' | 'WORK_SAFETY' | 'FIRE_SAFETY' | 'SPECIAL_EQUIPMENT';
export type Severity = 'MINOR' | 'GENERAL' | 'SERIOUS';

export interface PenaltyOption {
  penaltyType: string;
  severity: Severity;
  /** Fine range in yuan; null: no fine. */
  fine: readonly [number, number] | null;
  weight: number;
}

export interface PenaltySpec {
  domain: PenaltyDomain;
  dept: DeptKind;
  violation: string;
  legalBasis: string;
  /** Industry sections this happens in; empty: any. */
  industries: string;
  options: readonly PenaltyOption[];
}

const warn = (weight: number): PenaltyOption => ({ penaltyType: '警告', severity: 'MINOR', fine: null, weight });
const fine = (severity: Severity, lo: number, hi: number, weight: number, penaltyType = '罚款'): PenaltyOption =>
  ({ penaltyType, severity, fine: [lo, hi], weight });

export const PENALTIES: readonly PenaltySpec[] = [
  {
    domain: 'GENERAL', dept: 'SAMR', industries: 'ACFH',
    violation: '经营超过保质期的食品',
    legalBasis: '《中华人民共和国食品安全法》第一百二十四条第一款第五项',
    options: [fine('GENERAL', 50_000, 150_000, 6, '没收违法所得、罚款'), fine('SERIOUS', 200_000, 500_000, 1, '没收违法所得、罚款')],
  },
  {
    domain: 'GENERAL', dept: 'SAMR', industries: 'ACFH',
    violation: '未按规定建立并遵守进货查验记录制度',
    legalBasis: '《中华人民共和国食品安全法》第一百二十六条第一款第三项',
    options: [warn(5), fine('GENERAL', 5_000, 50_000, 3)],
  },
  {
    domain: 'GENERAL', dept: 'SAMR', industries: 'FHOR',
    violation: '不按规定明码标价',
    legalBasis: '《中华人民共和国价格法》第四十二条',
    options: [warn(4), fine('MINOR', 1_000, 5_000, 4)],
  },
  {
    domain: 'GENERAL', dept: 'SAMR', industries: '',
    violation: '发布虚假广告，对商品的性能、功能作虚假或者引人误解的宣传',
    legalBasis: '《中华人民共和国广告法》第五十五条第一款',
    options: [fine('GENERAL', 100_000, 500_000, 5), fine('SERIOUS', 1_000_000, 2_000_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'SAMR', industries: 'CF',
    violation: '生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品',
    legalBasis: '《中华人民共和国产品质量法》第四十九条',
    options: [fine('GENERAL', 20_000, 300_000, 1, '没收违法生产、销售的产品，罚款')],
  },
  {
    domain: 'GENERAL', dept: 'SAMR', industries: 'CF',
    violation: '销售侵犯注册商标专用权的商品',
    legalBasis: '《中华人民共和国商标法》第六十条第二款',
    options: [fine('GENERAL', 30_000, 250_000, 1, '没收、销毁侵权商品，罚款')],
  },
  {
    domain: 'GENERAL', dept: 'SAMR', industries: '',
    violation: '市场主体未依照规定办理变更登记',
    legalBasis: '《中华人民共和国市场主体登记管理条例》第四十六条',
    options: [fine('GENERAL', 10_000, 100_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'ECO', industries: 'BCDMN',
    violation: '超过大气污染物排放标准排放大气污染物',
    legalBasis: '《中华人民共和国大气污染防治法》第九十九条第二项',
    options: [fine('GENERAL', 100_000, 1_000_000, 5), fine('SERIOUS', 500_000, 1_000_000, 1, '责令停产整治、罚款')],
  },
  {
    domain: 'GENERAL', dept: 'ECO', industries: 'CEK',
    violation: '建设项目环境影响报告表未依法报批，擅自开工建设',
    legalBasis: '《中华人民共和国环境影响评价法》第三十一条第一款',
    options: [fine('GENERAL', 50_000, 500_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'ECO', industries: 'CH',
    violation: '超过水污染物排放标准排放水污染物',
    legalBasis: '《中华人民共和国水污染防治法》第八十三条第二项',
    options: [fine('GENERAL', 100_000, 1_000_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'ECO', industries: 'E',
    violation: '未按照规定在噪声敏感建筑物集中区域夜间进行产生噪声的建筑施工作业',
    legalBasis: '《中华人民共和国噪声污染防治法》第七十七条第三项',
    options: [fine('MINOR', 5_000, 10_000, 2), fine('GENERAL', 10_000, 100_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'TAX', industries: '',
    violation: '未按照规定的期限办理纳税申报和报送纳税资料',
    legalBasis: '《中华人民共和国税收征收管理法》第六十二条',
    options: [fine('MINOR', 200, 2_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'TAX', industries: 'FH',
    violation: '应当开具而未开具发票',
    legalBasis: '《中华人民共和国发票管理办法》第三十五条第一项',
    options: [fine('MINOR', 500, 10_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'HOUSING', industries: 'EK',
    violation: '未取得施工许可证擅自施工',
    legalBasis: '《建筑工程施工许可管理办法》第十二条',
    options: [fine('GENERAL', 10_000, 30_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'HRSS', industries: 'CFGH',
    violation: '违反工作时间和休息休假规定，延长劳动者工作时间',
    legalBasis: '《劳动保障监察条例》第二十五条',
    options: [warn(2), fine('GENERAL', 2_000, 20_000, 1)],
  },
  {
    domain: 'GENERAL', dept: 'TRANSPORT', industries: 'G',
    violation: '未取得道路运输经营许可，擅自从事道路普通货物运输经营',
    legalBasis: '《中华人民共和国道路运输条例》第六十三条',
    options: [fine('GENERAL', 30_000, 100_000, 1, '没收违法所得、罚款')],
  },
  {
    domain: 'GENERAL', dept: 'HEALTH', industries: 'HOR',
    violation: '公共场所经营者未取得卫生许可证擅自营业',
    legalBasis: '《公共场所卫生管理条例实施细则》第三十五条第一款',
    options: [warn(2), fine('MINOR', 500, 5_000, 2)],
  },
  {
    domain: 'GENERAL', dept: 'SAMR', industries: 'FQ',
    violation: '未遵守药品经营质量管理规范',
    legalBasis: '《中华人民共和国药品管理法》第一百二十六条',
    options: [fine('GENERAL', 100_000, 500_000, 1)],
  },
  {
    domain: 'WORK_SAFETY', dept: 'EMERGENCY', industries: 'BCEG',
    violation: '未按照规定对从业人员进行安全生产教育和培训',
    legalBasis: '《中华人民共和国安全生产法》第九十七条第三项',
    options: [fine('MINOR', 10_000, 30_000, 3), fine('GENERAL', 30_000, 100_000, 2)],
  },
  {
    domain: 'WORK_SAFETY', dept: 'EMERGENCY', industries: 'BCDEG',
    violation: '未建立安全风险分级管控制度或者未按照安全风险分级采取相应管控措施',
    legalBasis: '《中华人民共和国安全生产法》第一百零一条第四项',
    options: [fine('GENERAL', 50_000, 100_000, 1)],
  },
  {
    domain: 'WORK_SAFETY', dept: 'EMERGENCY', industries: 'BCDEG',
    violation: '未采取措施消除事故隐患',
    legalBasis: '《中华人民共和国安全生产法》第一百零二条',
    options: [fine('GENERAL', 50_000, 100_000, 3), fine('SERIOUS', 100_000, 500_000, 1, '责令停产停业整顿、罚款')],
  },
  {
    domain: 'WORK_SAFETY', dept: 'EMERGENCY', industries: 'CF',
    violation: '未按照规定对危险化学品储存场所设置明显的安全警示标志',
    legalBasis: '《危险化学品安全管理条例》第七十八条第一款第五项',
    options: [fine('MINOR', 10_000, 50_000, 1)],
  },
  {
    domain: 'FIRE_SAFETY', dept: 'FIRE', industries: '',
    violation: '消防设施、器材或者消防安全标志的配置、设置不符合国家标准、行业标准，或者未保持完好有效',
    legalBasis: '《中华人民共和国消防法》第六十条第一款第一项',
    options: [fine('MINOR', 5_000, 10_000, 3), fine('GENERAL', 10_000, 50_000, 2)],
  },
  {
    domain: 'FIRE_SAFETY', dept: 'FIRE', industries: '',
    violation: '占用、堵塞、封闭疏散通道、安全出口',
    legalBasis: '《中华人民共和国消防法》第六十条第一款第三项',
    options: [fine('MINOR', 5_000, 20_000, 3), fine('GENERAL', 20_000, 50_000, 1)],
  },
  {
    domain: 'FIRE_SAFETY', dept: 'FIRE', industries: '',
    violation: '埋压、圈占、遮挡消火栓或者占用防火间距',
    legalBasis: '《中华人民共和国消防法》第六十条第一款第四项',
    options: [fine('MINOR', 5_000, 10_000, 1)],
  },
  {
    domain: 'FIRE_SAFETY', dept: 'FIRE', industries: 'HOR',
    violation: '公众聚集场所未经消防安全检查，擅自投入使用、营业',
    legalBasis: '《中华人民共和国消防法》第五十八条第一款第四项',
    options: [fine('GENERAL', 30_000, 300_000, 3, '责令停止使用、罚款'), fine('SERIOUS', 200_000, 300_000, 1, '责令停产停业、罚款')],
  },
  {
    domain: 'SPECIAL_EQUIPMENT', dept: 'SAMR', industries: 'CGHK',
    violation: '使用未经定期检验或者检验不合格的特种设备',
    legalBasis: '《中华人民共和国特种设备安全法》第八十四条第一项',
    options: [fine('GENERAL', 30_000, 300_000, 1, '责令停止使用有关特种设备，罚款')],
  },
  {
    domain: 'SPECIAL_EQUIPMENT', dept: 'SAMR', industries: 'CGHK',
    violation: '特种设备作业人员未取得相应资格从事特种设备作业',
    legalBasis: '《中华人民共和国特种设备安全法》第八十六条第一项',
    options: [fine('MINOR', 10_000, 30_000, 2), fine('GENERAL', 30_000, 50_000, 1)],
  },
  {
    domain: 'SPECIAL_EQUIPMENT', dept: 'SAMR', industries: 'CGHK',
    violation: '未按照安全技术规范的要求及时申报并接受检验',
    legalBasis: '《中华人民共和国特种设备安全法》第八十三条第二项',
    options: [fine('MINOR', 10_000, 50_000, 2), fine('GENERAL', 50_000, 100_000, 1)],
  },
];

/**
 * A penalty's publicity in months, from the repair rules (lib/catalogue/repair.json), which the
 * repair workflow reads too: records carry the class's MAXIMUM (their publicity end) and repair is
 * possible after its MINIMUM. (Before issue 16 a minor penalty was published 3 or 12 months, the
 * very date on which repair first became possible, so repair never mattered.)
 */
const REPAIR_RULES = loadRepairRules();

export function publicityMonths(severity: Severity, domain: PenaltyDomain): { min: number; max: number } {
  const rule = REPAIR_RULES.classOf('AdministrativePenalty', { severity, domain });
  if (!rule) throw new Error(`no repair class for a ${severity} penalty in ${domain} (lib/catalogue/repair.json)`);
  return { min: rule.minMonths, max: rule.maxMonths };
}

/** The same for a person's penalty (issue 16: published for the maximum, repairable after the minimum). */
export function personPublicityMonths(severity: Severity): { min: number; max: number } {
  const rule = REPAIR_RULES.classOf('PersonPenalty', { severity });
  if (!rule) throw new Error(`no repair class for a person's ${severity} penalty (lib/catalogue/repair.json)`);
  return { min: rule.minMonths, max: rule.maxMonths };
}

// ---------------------------------------------------------------------------------------------
// Red and black lists (红名单 / 黑名单)
// ---------------------------------------------------------------------------------------------

export interface ListSpec {
  listName: string;
  dept: DeptKind | 'DISTRICT_COURT' | 'DISTRICT_SAMR';
  reasons: readonly string[];
  /** How long the listing lasts, in months. */
  months: number;
}

export const RED_LISTS: readonly ListSpec[] = [
  { listName: '纳税信用A级纳税人', dept: 'TAX', reasons: ['{year}年度纳税信用评价结果为A级'], months: 21 },
  { listName: '守合同重信用企业', dept: 'PROVINCE_SAMR', reasons: ['连续两年以上被公示为“守合同重信用”企业', '合同管理制度健全，近两年无合同违法行为'], months: 24 },
  { listName: '海关高级认证企业', dept: 'CUSTOMS', reasons: ['经海关认证为高级认证企业（AEO）'], months: 36 },
  { listName: 'A级劳动保障守法诚信企业', dept: 'HRSS', reasons: ['{year}年度劳动保障守法诚信等级评价为A级'], months: 24 },
  { listName: '诚信经营示范企业', dept: 'DRC', reasons: ['诚信经营、信用记录良好，经评审认定为诚信经营示范企业'], months: 24 },
];

export const BLACK_LISTS: readonly ListSpec[] = [
  { listName: '失信被执行人', dept: 'DISTRICT_COURT', reasons: ['有履行能力而拒不履行生效法律文书确定义务', '违反财产报告制度'], months: 36 },
  { listName: '严重违法失信主体名单', dept: 'SAMR', reasons: ['被列入经营异常名录届满3年仍未履行相关义务', '因提交虚假材料取得市场主体登记，被撤销登记'], months: 36 },
  { listName: '重大税收违法失信主体', dept: 'TAX', reasons: ['虚开增值税专用发票', '偷税数额100万元以上且占应纳税额10%以上'], months: 36 },
  { listName: '拖欠农民工工资失信联合惩戒对象名单', dept: 'HRSS', reasons: ['克扣、无故拖欠农民工工资达到认定拖欠农民工工资失信联合惩戒对象名单标准'], months: 36 },
  { listName: '经营异常名录', dept: 'DISTRICT_SAMR', reasons: ['未按照规定的期限公示年度报告', '通过登记的住所或者经营场所无法联系'], months: 36 },
];

// ---------------------------------------------------------------------------------------------
// Certificates (证照信息)
// ---------------------------------------------------------------------------------------------

export interface CertificateSpec {
  certificateType: string;
  /** A department kind, REGISTRATION (the enterprise's registering office) or a fixed issuer. */
  issuer: DeptKind | 'REGISTRATION' | { fixed: string } | 'HIGH_TECH';
  years: number | null;
  industries: string;
  number: (c: NumberCtx) => string;
}

export const CERTIFICATES: readonly CertificateSpec[] = [
  { certificateType: '营业执照', issuer: 'REGISTRATION', years: null, industries: '', number: (c) => c.uscc },
  { certificateType: '高新技术企业证书', issuer: 'HIGH_TECH', years: 3, industries: 'CIM', number: (c) => `GR${c.year}${provinceCode(c)}${digits(c.rng, 6)}` },
  { certificateType: '质量管理体系认证证书（ISO 9001）', issuer: { fixed: '中国质量认证中心' }, years: 3, industries: 'CEFGIM', number: (c) => `${digits(c.rng, 5)}Q${digits(c.rng, 5)}R${c.rng.int(0, 3)}M` },
  { certificateType: '环境管理体系认证证书（ISO 14001）', issuer: { fixed: '中国质量认证中心' }, years: 3, industries: 'BCDEN', number: (c) => `${digits(c.rng, 5)}E${digits(c.rng, 5)}R${c.rng.int(0, 3)}M` },
  { certificateType: '安全生产标准化三级企业证书', issuer: 'EMERGENCY', years: 3, industries: 'BCEG', number: (c) => `${c.city.abbr}AQBⅢ${c.year}${digits(c.rng, 4)}` },
  { certificateType: '建筑业企业资质证书', issuer: 'HOUSING', years: 5, industries: 'E', number: (c) => `D${provinceCode(c)}${digits(c.rng, 7)}` },
  { certificateType: '海关进出口货物收发货人备案回执', issuer: 'CUSTOMS', years: null, industries: 'CFG', number: (c) => `${c.city.code.slice(0, 4)}${digits(c.rng, 6)}` },
  { certificateType: '专精特新中小企业证书', issuer: 'MIIT', years: 3, industries: 'CIM', number: (c) => `${c.year}ZJTX${digits(c.rng, 4)}` },
  { certificateType: '知识产权管理体系认证证书', issuer: { fixed: '中知（北京）认证有限公司' }, years: 3, industries: 'CIM', number: (c) => `${digits(c.rng, 5)}IP${digits(c.rng, 6)}R0M` },
];

// ---------------------------------------------------------------------------------------------
// Double-random inspections (双随机监管)
// ---------------------------------------------------------------------------------------------

export interface InspectionSpec {
  item: string;
  dept: DeptKind | 'DISTRICT_SAMR';
  industries: string;
}

export const INSPECTIONS: readonly InspectionSpec[] = [
  { item: '企业公示信息抽查', dept: 'DISTRICT_SAMR', industries: '' },
  { item: '食品安全监督检查', dept: 'SAMR', industries: 'ACFH' },
  { item: '产品质量监督抽查', dept: 'SAMR', industries: 'CF' },
  { item: '特种设备安全监督检查', dept: 'SAMR', industries: 'CGHK' },
  { item: '排污许可执行情况检查', dept: 'ECO', industries: 'BCDN' },
  { item: '安全生产执法检查', dept: 'EMERGENCY', industries: 'BCEG' },
  { item: '消防监督检查', dept: 'FIRE', industries: '' },
  { item: '劳动保障书面审查', dept: 'HRSS', industries: '' },
  { item: '建筑市场行为检查', dept: 'HOUSING', industries: 'E' },
  { item: '发票使用情况检查', dept: 'TAX', industries: '' },
];

export const INSPECTION_RESULTS: ReadonlyArray<readonly [string, number]> = [
  ['未发现问题', 70],
  ['发现问题已责令整改', 15],
  ['未发现开展本次抽查涉及的经营活动', 8],
  ['通过登记的住所（经营场所）无法联系', 3],
  ['未按规定公示应当公示的信息', 2],
  ['发现问题待后续处理', 2],
];

// ---------------------------------------------------------------------------------------------
// Credit commitments (信用承诺)
// ---------------------------------------------------------------------------------------------

export interface CommitmentSpec {
  commitmentType: string;
  dept: DeptKind;
  content: string;
}

export const COMMITMENTS: readonly CommitmentSpec[] = [
  { commitmentType: '告知承诺制审批承诺', dept: 'SAMR', content: '申请人承诺所填写的信息真实、准确，已知晓告知的全部内容，能够满足许可条件，愿意承担不实承诺的法律责任。' },
  { commitmentType: '主动型信用承诺', dept: 'CREDIT', content: '本单位承诺依法诚信经营，提供的产品和服务符合国家标准，自觉接受政府、行业组织、社会公众、新闻舆论的监督。' },
  { commitmentType: '信用修复承诺', dept: 'DRC', content: '本单位已纠正失信行为、履行相关义务，承诺今后严格遵守法律法规，如再次发生失信行为，自愿接受从重处理。' },
  { commitmentType: '证明事项告知承诺', dept: 'HRSS', content: '本单位承诺已依法为全部职工缴纳社会保险费，所提交的证明事项真实有效，如有不实愿承担相应法律责任。' },
  { commitmentType: '涉企经营许可事项告知承诺', dept: 'HOUSING', content: '本单位承诺符合相关经营许可条件，在规定期限内提交相关材料，愿意接受事中事后监管。' },
  { commitmentType: '行业自律承诺', dept: 'CREDIT', content: '本单位承诺遵守行业规范，公平竞争，不参与围标串标，不拖欠工程款和农民工工资。' },
];

// ---------------------------------------------------------------------------------------------
// Industry credit evaluations (行业信用评价)
// ---------------------------------------------------------------------------------------------

export interface EvaluationSpec {
  title: string;
  dept: DeptKind;
  /** Industry sections it applies to; empty: any. */
  industries: string;
  grades: ReadonlyArray<readonly [string, number]>;
}

export const EVALUATIONS: readonly EvaluationSpec[] = [
  { title: '企业信用风险分类', dept: 'SAMR', industries: '', grades: [['A', 30], ['B', 55], ['C', 12], ['D', 3]] },
  { title: '建筑施工企业信用评价', dept: 'HOUSING', industries: 'E', grades: [['AAA', 10], ['AA', 30], ['A', 40], ['B', 15], ['C', 5]] },
  { title: '道路运输企业质量信誉考核', dept: 'TRANSPORT', industries: 'G', grades: [['AAA', 10], ['AA', 35], ['A', 45], ['B', 10]] },
  { title: '物业服务企业信用评价', dept: 'HOUSING', industries: 'K', grades: [['A', 30], ['B', 50], ['C', 15], ['D', 5]] },
  { title: '食品生产经营风险分级', dept: 'SAMR', industries: 'ACFH', grades: [['A', 35], ['B', 45], ['C', 15], ['D', 5]] },
  { title: '企业环境信用评价', dept: 'ECO', industries: 'BCDN', grades: [['环保诚信', 25], ['环保良好', 55], ['环保警示', 15], ['环保不良', 5]] },
  { title: '劳动保障守法诚信等级评价', dept: 'HRSS', industries: '', grades: [['A', 60], ['B', 35], ['C', 5]] },
];

// ---------------------------------------------------------------------------------------------
// Honours (荣誉表彰)
// ---------------------------------------------------------------------------------------------

export interface HonorSpec {
  /** `{city}`, `{district}`, `{province}`, `{year}` are filled in. */
  title: string;
  awardedBy: DeptKind | 'DISTRICT_GOV' | { fixed: string };
  level: '国家级' | '省级' | '市级' | '区级';
  industries: string;
}

export const HONORS: readonly HonorSpec[] = [
  { title: '{year}年度{city}市长质量奖', awardedBy: 'GOV', level: '市级', industries: '' },
  { title: '{year}年度{district}区长质量奖', awardedBy: 'DISTRICT_GOV', level: '区级', industries: '' },
  { title: '{year}年度安全生产先进单位', awardedBy: 'EMERGENCY', level: '市级', industries: 'BCEG' },
  { title: '{city}劳动关系和谐企业', awardedBy: 'HRSS', level: '市级', industries: '' },
  { title: '{year}年度纳税突出贡献企业', awardedBy: 'DISTRICT_GOV', level: '区级', industries: '' },
  { title: '{province}科学技术进步奖二等奖', awardedBy: 'PROVINCE_GOV', level: '省级', industries: 'CIM' },
  { title: '国家级绿色工厂', awardedBy: { fixed: '中华人民共和国工业和信息化部' }, level: '国家级', industries: 'C' },
  { title: '专精特新“小巨人”企业', awardedBy: { fixed: '中华人民共和国工业和信息化部' }, level: '国家级', industries: 'CI' },
  { title: '{city}文明单位', awardedBy: 'SPIRIT', level: '市级', industries: '' },
  { title: '中国专利优秀奖', awardedBy: { fixed: '国家知识产权局' }, level: '国家级', industries: 'CIM' },
];

// ---------------------------------------------------------------------------------------------
// Other credit information (the "X")
// ---------------------------------------------------------------------------------------------

export interface OtherSpec {
  category: string;
  dept: DeptKind;
  /** Title and content for a given year; `bad` means the record reports a problem. */
  make: (rng: Rng, year: number, bad: boolean) => { title: string; content: string };
  /** Share of records that report a problem. */
  badRate: number;
}

export const OTHER_RECORDS: readonly OtherSpec[] = [
  {
    category: '社保缴纳', dept: 'HRSS', badRate: 0.05,
    make: (rng, year, bad) => ({
      title: '社会保险费缴纳情况',
      content: bad
        ? `截至${year}年12月欠缴社会保险费${rng.int(2, 60) * 1000}元，已责令限期缴纳。`
        : `${year}年1月至12月按时足额缴纳社会保险费，参保人数${rng.int(3, 400)}人，无欠缴记录。`,
    }),
  },
  {
    category: '纳税信用等级', dept: 'TAX', badRate: 0.06,
    make: (rng, year, bad) => ({
      title: `${year}年度纳税信用等级`,
      content: `纳税信用等级评价结果为${bad ? rng.pick(['C', 'D']) : rng.pick(['A', 'B', 'B', 'M'])}级。`,
    }),
  },
  {
    category: '水电气缴费', dept: 'CREDIT', badRate: 0.04,
    make: (rng, year, bad) => ({
      title: '水电气缴费情况',
      content: bad
        ? `${year}年度累计欠缴${rng.pick(['电费', '水费', '燃气费'])}${rng.int(5, 300) * 100}元，逾期${rng.int(2, 8)}个月。`
        : `${year}年度水费、电费、燃气费按期缴纳，无欠费记录。`,
    }),
  },
  {
    category: '住房公积金缴存', dept: 'HOUSING_FUND', badRate: 0.03,
    make: (rng, year, bad) => ({
      title: '住房公积金缴存情况',
      content: bad ? `${year}年度存在少缴、漏缴住房公积金情形，涉及职工${rng.int(1, 20)}人。` : `${year}年度正常缴存住房公积金，缴存职工${rng.int(3, 400)}人。`,
    }),
  },
  {
    category: '知识产权', dept: 'SAMR', badRate: 0,
    make: (rng) => ({ title: '有效专利情况', content: `拥有有效发明专利${rng.int(0, 30)}件、实用新型专利${rng.int(1, 80)}件。` }),
  },
];
