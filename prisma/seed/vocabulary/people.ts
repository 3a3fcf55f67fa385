/**
 * Natural persons: surnames with their rough frequencies, given-name characters, and what public
 * credit records about persons say. All generated: no real person is described.
 */
import type { DeptKind } from './places.ts';

export const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 45], ['杨', 31], ['黄', 22], ['赵', 20], ['吴', 18], ['周', 17],
  ['徐', 13], ['孙', 12], ['马', 11], ['朱', 10], ['胡', 10], ['郭', 9], ['何', 9], ['高', 8], ['林', 8], ['罗', 8],
  ['郑', 7], ['梁', 7], ['谢', 6], ['宋', 5], ['唐', 5], ['许', 5], ['韩', 5], ['冯', 4], ['邓', 4], ['曹', 4],
  ['彭', 4], ['曾', 4], ['肖', 4], ['田', 3], ['董', 3], ['袁', 3], ['潘', 3], ['于', 3], ['蒋', 3], ['蔡', 3],
  ['余', 3], ['杜', 3], ['叶', 3], ['程', 3], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 2], ['沈', 2],
  ['姚', 2], ['卢', 2], ['姜', 2], ['崔', 2], ['钟', 2], ['谭', 2], ['陆', 2], ['汪', 2], ['范', 2], ['金', 2],
  ['石', 2], ['廖', 2], ['贾', 2], ['夏', 2], ['韦', 2], ['方', 2], ['欧阳', 0.5], ['司马', 0.1], ['上官', 0.1], ['诸葛', 0.1],
];

export const MALE_GIVEN: readonly string[] = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋峰建国志文东海晨博轩睿泽宏毅昊然'];
export const FEMALE_GIVEN: readonly string[] = [...'芳娜敏静丽艳娟霞秀玲婷燕红琳洁雪慧颖倩琪欣怡萱雨梦佳月婉诗晓思瑶璐悦涵彤蕾薇'];

export interface PersonPenaltySpec {
  dept: DeptKind;
  violation: string;
  legalBasis: string;
  penaltyType: string;
  fine: readonly [number, number] | null;
  /** Months the penalty stays public. */
  months: number;
}

export const PERSON_PENALTIES: readonly PersonPenaltySpec[] = [
  { dept: 'TAX', violation: '未按照规定的期限办理个人所得税纳税申报', legalBasis: '《中华人民共和国税收征收管理法》第六十二条', penaltyType: '罚款', fine: [200, 2_000], months: 3 },
  { dept: 'TRANSPORT', violation: '未取得道路运输经营许可，擅自从事网约车经营', legalBasis: '《中华人民共和国道路运输条例》第六十三条', penaltyType: '罚款', fine: [10_000, 30_000], months: 36 },
  { dept: 'MEDICAL_INSURANCE', violation: '以伪造医疗票据等手段骗取医疗保障基金支出', legalBasis: '《医疗保障基金使用监督管理条例》第四十一条', penaltyType: '责令退回、罚款', fine: [2_000, 20_000], months: 36 },
  { dept: 'HRSS', violation: '以欺诈、伪造证明材料手段骗取社会保险待遇', legalBasis: '《中华人民共和国社会保险法》第八十八条', penaltyType: '责令退回、罚款', fine: [5_000, 50_000], months: 36 },
  { dept: 'PLANNING', violation: '未取得建设工程规划许可证进行建设', legalBasis: '《中华人民共和国城乡规划法》第六十四条', penaltyType: '责令限期改正、罚款', fine: [5_000, 50_000], months: 36 },
  { dept: 'ECO', violation: '露天焚烧沥青、油毡、橡胶、塑料、皮革、垃圾等产生有毒有害烟尘和恶臭气体的物质', legalBasis: '《中华人民共和国大气污染防治法》第一百一十九条', penaltyType: '罚款', fine: [500, 2_000], months: 3 },
  { dept: 'SAMR', violation: '从事无证无照经营', legalBasis: '《无证无照经营查处办法》第十三条', penaltyType: '警告', fine: null, months: 3 },
];

export const DEBT_OBLIGATIONS: readonly string[] = [
  '支付货款人民币{amount}元及逾期付款利息',
  '偿还借款本金人民币{amount}元及利息',
  '支付工程款人民币{amount}元',
  '支付房屋租金人民币{amount}元及违约金',
  '支付劳动报酬人民币{amount}元',
  '赔偿经济损失人民币{amount}元',
];

export interface PersonHonorSpec {
  /** `{city}`, `{province}`, `{year}` are filled in. */
  title: string;
  awardedBy: string;
}

export const PERSON_HONORS: readonly PersonHonorSpec[] = [
  { title: '{city}优秀志愿者', awardedBy: '{city}志愿服务联合会' },
  { title: '{city}见义勇为先进个人', awardedBy: '{city}见义勇为基金会' },
  { title: '全国无偿献血奉献奖金奖', awardedBy: '国家卫生健康委员会、中国红十字会总会、中央军委后勤保障部卫生局' },
  { title: '{province}五一劳动奖章', awardedBy: '{province}总工会' },
  { title: '{city}道德模范', awardedBy: '{city}精神文明建设委员会' },
  { title: '{year}年度{city}优秀教师', awardedBy: '{city}教育局' },
  { title: '{city}技术能手', awardedBy: '{city}人力资源和社会保障局' },
];

export const VOLUNTEER_ORGS: readonly string[] = [
  '{city}志愿者联合会', '{city}{district}志愿者协会', '{city}红十字会', '{district}社区党群服务中心', '{city}图书馆志愿服务队',
];

export const VOLUNTEER_ACTIVITIES: readonly string[] = [
  '社区防疫志愿服务', '交通文明劝导', '关爱独居老人探访', '图书馆阅读推广', '河道清洁环保行动', '无偿献血宣传',
  '城市马拉松赛事服务', '垃圾分类督导', '义诊健康咨询', '困难儿童课业辅导', '应急救护知识普及',
];

/** Integrity grades by minimum score (Huzhou 诚信码 / Ningbo 天一分 style, 0-1000). */
export const INTEGRITY_GRADES: ReadonlyArray<readonly [number, string]> = [
  [900, 'AAA'], [800, 'AA'], [700, 'A'], [600, 'B'], [0, 'C'],
];
