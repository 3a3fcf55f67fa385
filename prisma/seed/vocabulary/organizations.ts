/**
 * Social organisations, financial partners with their credit-easy loan products (信易贷), and
 * the demo's data-consumer institutions.
 */
import type { InstitutionKind } from '../../../lib/caller.ts';
import type { CityKey } from './places.ts';

// ---------------------------------------------------------------------------------------------
// Social organisations (社会组织)
// ---------------------------------------------------------------------------------------------

export interface SocialOrgType {
  orgType: '社会团体' | '民办非企业单位' | '基金会';
  /** USCC position 2 for registration authority 5 (civil affairs). */
  usccType: string;
  weight: number;
  /** Name patterns: {prefix} (city or city+district), {zh} (a trade-name pair), {topic}. */
  patterns: readonly string[];
  topics: readonly string[];
  scopes: readonly string[];
}

export const SOCIAL_ORG_TYPES: readonly SocialOrgType[] = [
  {
    orgType: '社会团体', usccType: '1', weight: 45,
    patterns: ['{prefix}{topic}行业协会', '{prefix}{topic}协会', '{prefix}{topic}商会', '{prefix}{topic}学会', '{prefix}{topic}促进会'],
    topics: ['软件', '物流', '餐饮', '建筑业', '电子商务', '食品', '家具', '服装', '物业管理', '会计', '心理咨询', '跨境电商', '人工智能', '湖笔文化', '茶文化', '中小企业', '个体劳动者', '潮汕', '湖南', '温州'],
    scopes: ['行业自律、行业服务、交流合作、咨询培训、权益维护', '学术交流、业务培训、科普宣传、咨询服务'],
  },
  {
    orgType: '民办非企业单位', usccType: '2', weight: 45,
    patterns: ['{prefix}{zh}社会工作服务中心', '{prefix}{zh}养老服务中心', '{prefix}{zh}职业培训学校', '{prefix}{zh}康复服务中心', '{prefix}{zh}社区服务中心'],
    topics: [],
    scopes: ['社会工作专业服务、社区服务、心理疏导、困难群体帮扶', '居家养老服务、日间照料、助餐助浴、健康管理', '职业技能培训、就业指导'],
  },
  {
    orgType: '基金会', usccType: '3', weight: 10,
    patterns: ['{prefix}{zh}慈善基金会', '{prefix}{zh}教育基金会', '{prefix}{zh}公益基金会'],
    topics: [],
    scopes: ['资助扶贫济困、助学助医、社区发展等公益慈善项目', '资助教育事业发展、奖教奖学、资助困难学生'],
  },
];

export const SOCIAL_ORG_RATINGS: ReadonlyArray<readonly [string, number]> = [['3A', 55], ['4A', 33], ['5A', 12]];

export const ANNUAL_INSPECTION_RESULTS: ReadonlyArray<readonly [string, number]> = [['合格', 85], ['基本合格', 12], ['不合格', 3]];

export interface SocialOrgPenaltySpec {
  violation: string;
  penaltyType: string;
  fine: readonly [number, number] | null;
  months: number;
}

export const SOCIAL_ORG_PENALTIES: readonly SocialOrgPenaltySpec[] = [
  { violation: '未按照规定接受年度检查', penaltyType: '警告', fine: null, months: 3 },
  { violation: '违反规定收取费用、筹集资金或者接受使用捐赠、资助', penaltyType: '没收违法所得', fine: null, months: 36 },
  { violation: '超出章程规定的宗旨和业务范围进行活动', penaltyType: '限期停止活动', fine: null, months: 36 },
  { violation: '不按照规定办理变更登记', penaltyType: '警告', fine: null, months: 3 },
  { violation: '未按照章程规定的宗旨和公益活动的业务范围使用财产', penaltyType: '罚款', fine: [10_000, 50_000], months: 36 },
];

export const SOCIAL_ORG_HONORS: ReadonlyArray<{ title: string; awardedBy: string }> = [
  { title: '全国先进社会组织', awardedBy: '中华人民共和国民政部' },
  { title: '{province}先进社会组织', awardedBy: '{province}民政厅' },
  { title: '{city}优秀社会组织', awardedBy: '{city}民政局' },
  { title: '{year}年度{city}慈善奖', awardedBy: '{city}人民政府' },
];

// ---------------------------------------------------------------------------------------------
// Finance (信易贷)
// ---------------------------------------------------------------------------------------------

export type PartnerKind = 'BANK' | 'CREDIT_REPORTING_COMPANY' | 'GUARANTEE_COMPANY';

export interface PartnerSpec {
  name: string;
  kind: PartnerKind;
  /** Cities whose enterprises it lends to. */
  cities: readonly CityKey[];
  products: ReadonlyArray<{ name: string; maxAmount: number; minAnnualRate: number; termMonths: number; eligibility: string }>;
}

export const PARTNERS: readonly PartnerSpec[] = [
  {
    name: '中国工商银行股份有限公司深圳市分行', kind: 'BANK', cities: ['shenzhen'],
    products: [
      { name: '信易贷·经营快贷', maxAmount: 2_000_000, minAnnualRate: 3.45, termMonths: 12, eligibility: '纳税信用A级或B级企业，成立满2年' },
      { name: '信易贷·税务贷', maxAmount: 3_000_000, minAnnualRate: 3.55, termMonths: 12, eligibility: '纳税信用A级或B级企业，近两年连续纳税' },
      { name: '科创贷', maxAmount: 10_000_000, minAnnualRate: 3.2, termMonths: 36, eligibility: '高新技术企业或专精特新中小企业' },
      { name: '小微e贷', maxAmount: 1_000_000, minAnnualRate: 3.65, termMonths: 12, eligibility: '近一年无行政处罚且未被列入失信名单的小微企业' },
    ],
  },
  {
    name: '招商银行股份有限公司深圳分行', kind: 'BANK', cities: ['shenzhen'],
    products: [
      { name: '诚信贷', maxAmount: 3_000_000, minAnnualRate: 3.6, termMonths: 24, eligibility: '列入守合同重信用企业或纳税信用A级纳税人' },
      { name: '闪电贷（企业版）', maxAmount: 1_000_000, minAnnualRate: 3.85, termMonths: 12, eligibility: '企业信用风险分类为A类或B类' },
      { name: '知识产权质押贷', maxAmount: 5_000_000, minAnnualRate: 3.5, termMonths: 36, eligibility: '拥有有效发明专利的科技型企业' },
      { name: '供应链订单贷', maxAmount: 8_000_000, minAnnualRate: 3.7, termMonths: 12, eligibility: '核心企业上游供应商，近两年无失信记录' },
    ],
  },
  {
    name: '广州银行股份有限公司', kind: 'BANK', cities: ['guangzhou', 'shenzhen'],
    products: [
      { name: '信用易贷', maxAmount: 2_000_000, minAnnualRate: 3.8, termMonths: 12, eligibility: '成立满1年，近两年无严重失信记录' },
      { name: '商户贷', maxAmount: 500_000, minAnnualRate: 4.2, termMonths: 12, eligibility: '批发零售和餐饮住宿业小微企业' },
      { name: '科技企业成长贷', maxAmount: 5_000_000, minAnnualRate: 3.6, termMonths: 36, eligibility: '高新技术企业' },
      { name: '稳岗贷', maxAmount: 3_000_000, minAnnualRate: 3.5, termMonths: 24, eligibility: '按时足额缴纳社会保险费且未裁员的企业' },
    ],
  },
  {
    name: '湖州银行股份有限公司', kind: 'BANK', cities: ['huzhou'],
    products: [
      { name: '绿贷通·绿色信用贷', maxAmount: 5_000_000, minAnnualRate: 3.4, termMonths: 36, eligibility: '企业环境信用评价为环保诚信或环保良好' },
      { name: '诚信码信用贷', maxAmount: 1_000_000, minAnnualRate: 3.85, termMonths: 12, eligibility: '法定代表人个人诚信码为绿码' },
      { name: '科创积分贷', maxAmount: 3_000_000, minAnnualRate: 3.55, termMonths: 24, eligibility: '科技型中小企业' },
      { name: '小微信易贷', maxAmount: 2_000_000, minAnnualRate: 3.75, termMonths: 12, eligibility: '纳税信用A级或B级小微企业' },
    ],
  },
  {
    name: '浙江安吉农村商业银行股份有限公司', kind: 'BANK', cities: ['huzhou'],
    products: [
      { name: '两山信用贷', maxAmount: 1_000_000, minAnnualRate: 3.95, termMonths: 12, eligibility: '安吉县域内经营满1年的小微企业' },
      { name: '竹茶产业贷', maxAmount: 2_000_000, minAnnualRate: 3.8, termMonths: 24, eligibility: '竹产业、茶产业上下游企业' },
      { name: '美丽乡村民宿贷', maxAmount: 1_500_000, minAnnualRate: 3.9, termMonths: 36, eligibility: '取得特种行业许可证的乡村民宿经营主体' },
      { name: '丰收信易贷', maxAmount: 500_000, minAnnualRate: 4.1, termMonths: 12, eligibility: '近两年无失信被执行记录' },
    ],
  },
  {
    name: '宁波银行股份有限公司', kind: 'BANK', cities: ['ningbo', 'huzhou'],
    products: [
      { name: '快审快贷', maxAmount: 3_000_000, minAnnualRate: 3.7, termMonths: 12, eligibility: '纳税信用A级或B级企业' },
      { name: '外贸贷', maxAmount: 5_000_000, minAnnualRate: 3.6, termMonths: 12, eligibility: '海关进出口货物收发货人备案企业，近一年出口额500万元以上' },
      { name: '专精特新贷', maxAmount: 10_000_000, minAnnualRate: 3.3, termMonths: 36, eligibility: '省级以上专精特新中小企业' },
      { name: '信用易融', maxAmount: 1_000_000, minAnnualRate: 3.95, termMonths: 12, eligibility: '企业信用风险分类为A类或B类' },
    ],
  },
  {
    name: '深圳市中小企业融资担保有限公司', kind: 'GUARANTEE_COMPANY', cities: ['shenzhen', 'guangzhou'],
    products: [
      { name: '信易担·首贷担保', maxAmount: 5_000_000, minAnnualRate: 1.0, termMonths: 12, eligibility: '首次获得银行贷款的小微企业' },
      { name: '科技担保贷', maxAmount: 10_000_000, minAnnualRate: 1.2, termMonths: 24, eligibility: '国家高新技术企业' },
      { name: '政策性融资担保', maxAmount: 3_000_000, minAnnualRate: 0.8, termMonths: 12, eligibility: '符合政策性融资担保条件的小微企业和个体工商户' },
    ],
  },
  { name: '百行征信有限公司', kind: 'CREDIT_REPORTING_COMPANY', cities: [], products: [] },
];


// ---------------------------------------------------------------------------------------------
// The demo's data-consumer institutions (platform)
// ---------------------------------------------------------------------------------------------

export interface InstitutionSpec {
  kind: InstitutionKind;
  name: string;
  scopes: string;
  ratePerSecond: number;
  burst: number;
  dailyArchivePulls: number | null;
  monthlyArchivePulls: number | null;
}

export const DEMO_INSTITUTIONS: readonly InstitutionSpec[] = [
  { kind: 'FINANCIAL', name: '中国工商银行股份有限公司深圳市分行', scopes: 'loans:read', ratePerSecond: 50, burst: 100, dailyArchivePulls: 50_000, monthlyArchivePulls: 1_000_000 },
  { kind: 'GOVERNMENT', name: '深圳市市场监督管理局', scopes: 'person:penalties person:judgment-debtor loans:read', ratePerSecond: 100, burst: 200, dailyArchivePulls: null, monthlyArchivePulls: null },
  { kind: 'INDUSTRY_ASSOCIATION', name: '深圳市软件行业协会', scopes: '', ratePerSecond: 20, burst: 40, dailyArchivePulls: 5_000, monthlyArchivePulls: 100_000 },
  { kind: 'CREDIT_SERVICE', name: '深圳市诚信征信服务有限公司', scopes: 'reports:issue', ratePerSecond: 50, burst: 100, dailyArchivePulls: 20_000, monthlyArchivePulls: 500_000 },
  { kind: 'PARTNER_CITY', name: '温州市公共信用信息平台', scopes: '', ratePerSecond: 20, burst: 40, dailyArchivePulls: 10_000, monthlyArchivePulls: 200_000 },
  // A source department (归集): its scope names its department in the catalogue (lib/catalogue).
  { kind: 'SOURCE_DEPARTMENT', name: '深圳市生态环境局', scopes: 'department:eco', ratePerSecond: 20, burst: 40, dailyArchivePulls: 1_000, monthlyArchivePulls: 20_000 },
];
