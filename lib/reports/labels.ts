/**
 * The Chinese the PDF prints for the report's field names and coded values. The JSON keeps the
 * API's names (what a program reads); the PDF is for people. A field without a label is printed
 * under its name, so a new field never disappears from the PDF. The order of FIELD_LABELS is the
 * order fields are printed in (the stored canonical JSON has its keys sorted).
 */
import type { SubjectKind } from './document.ts';

export const TITLES: Record<SubjectKind, string> = {
  ENTERPRISE: '企业公共信用报告',
  SOCIAL_ORGANIZATION: '社会组织公共信用报告',
  PERSON: '个人公共信用报告',
};

export const SUBJECT_ID_LABELS: Record<SubjectKind, string> = {
  ENTERPRISE: '统一社会信用代码',
  SOCIAL_ORGANIZATION: '统一社会信用代码',
  PERSON: '公民身份号码',
};

export const ISSUER_KINDS: Record<string, string> = {
  OPERATOR: '平台运营方',
  ENTERPRISE: '主体本身',
  PERSON: '本人',
  INSTITUTION: '机构',
};

export const SECTION_TITLES: Record<string, string> = {
  licenses: '行政许可',
  penalties: '行政处罚',
  redList: '红名单',
  blackList: '黑名单',
  certificates: '证照信息',
  inspections: '双随机监管',
  commitments: '信用承诺',
  evaluations: '行业信用评价',
  honors: '荣誉表彰',
  otherRecords: '其他信用信息',
  ratingIndicators: '信用评级指标',
  sanctionMeasures: '联合奖惩措施',
  creditEasyLoans: '信易贷',
  annualInspections: '年度检查',
  judgmentDebtor: '失信被执行人',
  volunteerService: '志愿服务',
};

export const FIELD_LABELS: Record<string, string> = {
  // profile
  name: '名称', registeredName: '登记名称', entityType: '主体类型', registrationAuthority: '登记机关',
  establishedOn: '成立日期', registeredCapital: '注册资本', capitalCurrency: '币种', regionCode: '行政区划代码',
  regionName: '所属地区', industryCode: '行业代码', industryName: '所属行业', businessScope: '业务范围', address: '住所',
  registrationStatus: '登记状态', orgType: '组织类型', registeredOn: '登记日期', fullName: '姓名', idNumber: '公民身份号码',
  // summary
  ratingGrade: '信用评级', ratingScore: '评级分值', ratingYear: '评级年度', ratingValidUntil: '评级有效期至',
  sanctionsStatus: '联合奖惩状态', integrityScore: '诚信分', integrityGrade: '诚信等级', judgmentDebtorListed: '失信被执行人',
  // categories
  licenseType: '许可类别', licenseNumber: '许可证号', licenseName: '许可名称', scope: '许可内容',
  violation: '违法行为', legalBasis: '处罚依据', penaltyType: '处罚种类', amount: '金额（元）', publicityPeriodMonths: '公示期（月）',
  severity: '严重程度', domain: '领域',
  listType: '名单类型', listName: '名单名称', reason: '列入事由', listingAuthority: '列入机关', listedOn: '列入日期', removedOn: '移出日期',
  certificateType: '证照类型', certificateNumber: '证照编号', issuer: '发证机关',
  inspectionItem: '检查事项', inspectedOn: '检查日期', result: '结果', inspectingAuthority: '检查机关',
  commitmentType: '承诺类型', content: '内容', committedOn: '承诺日期', status: '状态',
  industry: '行业', grade: '等级', evaluator: '评价单位', year: '年度',
  title: '名称', awardedBy: '授予单位', level: '级别', awardedOn: '授予日期', category: '类别',
  code: '代码', points: '分值', kind: '类型',
  lender: '贷款机构', product: '贷款产品', grantedOn: '发放日期',
  caseNumber: '案号', court: '执行法院', obligation: '生效法律文书确定的义务', organization: '组织单位', activity: '服务内容',
  hours: '时长（小时）', servedOn: '服务日期', withdrawn: '已撤销', basis: '依据记录',
  // every archive record, after its own fields (and its id last)
  catalogItemCode: '目录编码', sourceDepartment: '来源部门', documentNumber: '文书号', decisionDate: '决定日期',
  validFrom: '有效期自', validTo: '有效期至', publicityEndDate: '公示截止日期', disclosure: '公示状态', underObjection: '异议处理中',
  id: '记录编号',
};

export const VALUE_LABELS: Record<string, Record<string, string>> = {
  disclosure: { PUBLISHED: '公示中', EXPIRED: '公示期满', REPAIRED: '已信用修复', WITHDRAWN: '已撤销' },
  severity: { MINOR: '轻微', GENERAL: '一般', SERIOUS: '严重' },
  domain: { GENERAL: '一般领域', WORK_SAFETY: '安全生产', FIRE_SAFETY: '消防安全', SPECIAL_EQUIPMENT: '特种设备' },
  listType: { RED: '红名单', BLACK: '黑名单' },
  status: {
    IN_FORCE: '履行中', FULFILLED: '已履行', BROKEN: '未履行',
    APPLIED: '已申请', GRANTED: '已发放', REPAID: '已还清', OVERDUE: '逾期', REJECTED: '已拒绝',
  },
  sanctionsStatus: { RESTRICTED: '存在联合惩戒措施', INCENTIVE: '适用联合激励措施', NONE: '无' },
  kind: { RESTRICTION: '惩戒', INCENTIVE: '激励' },
};
