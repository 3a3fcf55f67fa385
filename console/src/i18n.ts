/**
 * The pages' words: zh-CN by default, English switchable (kept in localStorage: a preference, not
 * a secret). Every key exists in both languages (the English table is typed by the Chinese one).
 */
import type { GqlError } from './client.ts';

const zh = {
  title: '公共信用信息平台',
  skip: '跳到主要内容',
  language: 'English',
  languageLabel: '切换语言',
  signIn: '登录', signOut: '退出', signInTitle: '登录控制台',
  signInHelp: '输入机构 API 密钥或实名认证令牌。只保存在本标签页的会话存储中，关闭即清除。',
  credentialKind: '凭证类型', apiKey: 'API 密钥', bearerToken: '令牌（Bearer）', secret: '密钥或令牌',
  signedInAs: '当前身份',
  nav: '导航', navPerson: '我的信用', navEnterprise: '企业信用', navOperator: '运营管理', navInstitution: '机构门户', navExplorer: 'GraphQL 浏览器',
  loading: '加载中…', none: '暂无', save: '保存', cancel: '取消', refresh: '刷新', actions: '操作', status: '状态', name: '名称', kind: '类型', id: '编号',
  // 我的信用
  records: '信用记录', integrity: '诚信分', grade: '等级', score: '分数', penalties: '行政处罚', date: '日期', violation: '违法行为', penaltyType: '处罚种类', department: '数据提供单位',
  underObjection: '异议中', withdrawn: '已撤回',
  consents: '授权管理', institutionId: '机构编号', purpose: '用途', categories: '数据类别', grantedAt: '授权时间', expiresAt: '到期时间', active: '有效', revoked: '已撤销', expired: '已过期',
  revoke: '撤销授权', grant: '授权', grantTitle: '新增授权', revokedDone: '已撤销授权。',
  accessLog: '查询记录（谁查看了我的数据）', at: '时间', accessor: '查询方', basis: '依据',
  integrityCode: '诚信码', issueCode: '生成诚信码', codeExpires: '有效期至', codeAlt: '诚信码二维码',
  // 企业
  archive: '信用档案', overview: '基本信息', rating: '信用评价', indicators: '评价指标', points: '分值', blackList: '严重失信主体名单',
  fileObjection: '提出异议', reason: '理由', objections: '异议', applyRepair: '申请信用修复', commitment: '信用承诺', evidence: '整改证明材料',
  repairs: '信用修复申请', downloadReport: '下载信用报告', reportPurpose: '报告用途', reportReady: '信用报告已生成并下载：',
  repairEligibility: '修复资格由平台按公示期判定；未到期时会显示最早可申请日期。', filed: '已提交。',
  // 运营
  institutions: '机构', register: '登记机构', suspend: '暂停', activate: '恢复', plan: '套餐', rate: '速率（次/秒）', dailyQuota: '每日档案调取配额', monthlyQuota: '每月配额', unlimited: '不限',
  keys: 'API 密钥', issueKey: '签发密钥', rotate: '轮换', revokeKey: '吊销', keyOnce: '新密钥只显示这一次，请立即妥善保存：', createdAt: '创建时间', revokedAt: '吊销时间',
  usage: '调用量', granularity: '粒度', hour: '小时', day: '日', month: '月', allInstitutions: '全部机构', requests: '请求数', archivePulls: '档案调取', personPulls: '个人记录调取', rejected: '被拒绝', latency: '平均延迟（毫秒）',
  quotaBurn: '配额消耗', topOperations: '最常用操作', chartTitle: '调用量趋势',
  queues: '异议与修复队列', overdue: '已逾期', dueOn: '截止日期', route: '转办', uphold: '异议成立', reject: '异议不成立', approve: '批准', deny: '驳回', note: '说明',
  enterpriseObjections: '企业异议（逾期）', personObjections: '个人异议', pendingRepairs: '待处理修复申请', decided: '已处理。',
  collection: '数据归集与质量', submitted: '报送', accepted: '入库', rejectedRecords: '退回', timeliness: '及时率', usccErrors: '代码错误率', cycles: '按期报送周期',
  // 机构门户
  myInstitution: '本机构', reportsIssued: '已出具的报告',
  // issue 17: watchlists, webhooks, reports issued (institution); collection jobs, dead letters (operator)
  watchlists: '关注名单', watchTotal: '关注主体数', subject: '统一社会信用代码', events: '事件', allEvents: '全部事件', since: '关注时间',
  unwatch: '取消关注', unwatchedDone: '已取消关注。', addSubject: '添加关注', uploadCsv: '上传贷款清单（CSV）',
  csvHelp: '每行第一列为统一社会信用代码；表头、空行和其余列会被忽略，每次至多 20,000 行。', watchedDone: '已关注 {watched} 个主体，现共关注 {total} 个。',
  webhooks: 'Webhook 接收地址', url: '地址', registerWebhook: '登记 Webhook', secretOnce: '签名密钥只显示这一次，请立即妥善保存：', deleteWebhook: '删除',
  deliveries: '投递记录', eventId: '事件编号', attempts: '尝试次数', lastStatus: '最近状态码', lastError: '最近错误', replay: '重新投递', replayed: '已重新排队投递。',
  reportNumber: '报告编号', subjectName: '主体名称', issuedAt: '出具时间', downloadPdf: '下载 PDF', reportSaved: '已下载：',
  ingestJobs: '归集任务', item: '目录项', receivedAt: '接收时间', finishedAt: '完成时间', error: '错误', format: '格式', allDepartments: '全部部门',
  rejectedCsv: '退回行（CSV）', jobsHelp: '批量上传（POST /ingest/<目录项>）的进度与结果，最新在前；退回的行可下载为 CSV。',
  deadLetters: 'Webhook 死信（24 小时内均投递失败）', institution: '机构',
  // issue 17: paging, and the statistics (creditStatistics) as charts
  pages: '分页', prevPage: '上一页', nextPage: '下一页', pageN: '第 {n} 页', pageSize: '每页条数',
  statistics: '信用统计', statFrom: '起始日期', statTo: '截止日期', region: '行政区划代码', industry: '行业代码', statApply: '查询', optional: '可选',
  statWindow: '统计区间：{from} 至 {to}（北京时间）', statEnterprises: '范围内企业数',
  statGrades: '按信用等级的企业数', count: '数量', share: '占比',
  statLists: '红黑名单按月列入与移出', redEntered: '红名单列入', redLeft: '红名单移出', blackEntered: '黑名单列入', blackLeft: '黑名单移出', activeEntries: '截止日有效条目', activeSubjects: '涉及主体',
  listType: '名单',
  statWorkflows: '异议与修复按月受理与办结', workflow: '事项', received: '受理', decidedCount: '办结', overdueCount: '逾期未办', medianDays: '办结天数中位数',
  enterpriseObjectionsAll: '企业异议', personObjectionsAll: '个人异议', repairsAll: '信用修复',
  statSanctions: '联合奖惩按事项的核查与拦截', matter: '事项', checks: '核查次数', subjectsChecked: '核查主体数', interceptions: '拦截（受限）', incentives: '激励',
  statQueries: '按机构类型的查询量', archivePullsShort: '档案调取', personPullsShort: '个人记录调取',
  statCannot: '此项无法显示：',
  // errors
  errUNAUTHENTICATED: '凭证无效、已吊销或已过期，请重新登录。',
  errSUSPENDED: '本机构已被暂停，暂不能调用平台接口。',
  errFORBIDDEN: '您无权查看此项内容。',
  errRATE_LIMITED: '请求过于频繁（429），请稍后再试。',
  errQUOTA_EXCEEDED: '已超出本机构的调用配额（429），请在配额重置后再试。',
  errREPAIR_TOO_EARLY: '尚未到可申请修复的时间，最早可于 {date} 申请。',
  errREPAIR_NOT_ALLOWED: '严重失信行为在公示期届满前不可修复。',
  errOBJECTION_OPEN: '该记录已有未办结的异议。',
  errNETWORK: '无法连接平台，请检查网络。',
  errOTHER: '请求未成功：{message}',
};

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Public Credit Information Platform',
  skip: 'Skip to main content',
  language: '中文',
  languageLabel: 'Switch language',
  signIn: 'Sign in', signOut: 'Sign out', signInTitle: 'Sign in to the console',
  signInHelp: 'Enter an institution API key or a real-name token. It is kept in this tab\'s session storage only and cleared when the tab closes.',
  credentialKind: 'Credential', apiKey: 'API key', bearerToken: 'Bearer token', secret: 'Key or token',
  signedInAs: 'Signed in as',
  nav: 'Navigation', navPerson: 'My credit', navEnterprise: 'Enterprise', navOperator: 'Operator', navInstitution: 'Institution portal', navExplorer: 'GraphQL explorer',
  loading: 'Loading…', none: 'None', save: 'Save', cancel: 'Cancel', refresh: 'Refresh', actions: 'Actions', status: 'Status', name: 'Name', kind: 'Kind', id: 'ID',
  records: 'Credit records', integrity: 'Integrity score', grade: 'Grade', score: 'Score', penalties: 'Administrative penalties', date: 'Date', violation: 'Violation', penaltyType: 'Penalty', department: 'Source department',
  underObjection: 'Under objection', withdrawn: 'Withdrawn',
  consents: 'Consents', institutionId: 'Institution ID', purpose: 'Purpose', categories: 'Categories', grantedAt: 'Granted', expiresAt: 'Expires', active: 'Active', revoked: 'Revoked', expired: 'Expired',
  revoke: 'Revoke', grant: 'Grant', grantTitle: 'Grant a consent', revokedDone: 'Consent revoked.',
  accessLog: 'Access log (who looked at my data)', at: 'When', accessor: 'Who', basis: 'Basis',
  integrityCode: 'Integrity code', issueCode: 'Issue an integrity code', codeExpires: 'Valid until', codeAlt: 'Integrity code QR',
  archive: 'Credit archive', overview: 'Overview', rating: 'Rating', indicators: 'Indicators', points: 'Points', blackList: 'Black list',
  fileObjection: 'File an objection', reason: 'Reason', objections: 'Objections', applyRepair: 'Apply for repair', commitment: 'Commitment', evidence: 'Evidence of correction',
  repairs: 'Repair applications', downloadReport: 'Download credit report', reportPurpose: 'Purpose', reportReady: 'Report issued and downloaded: ',
  repairEligibility: 'The platform judges eligibility by the publicity period; too early, it names the earliest date.', filed: 'Filed.',
  institutions: 'Institutions', register: 'Register', suspend: 'Suspend', activate: 'Reactivate', plan: 'Plan', rate: 'Rate (req/s)', dailyQuota: 'Daily archive pulls', monthlyQuota: 'Monthly', unlimited: 'unlimited',
  keys: 'API keys', issueKey: 'Issue key', rotate: 'Rotate', revokeKey: 'Revoke', keyOnce: 'The new key is shown this once: store it now:', createdAt: 'Created', revokedAt: 'Revoked',
  usage: 'Usage', granularity: 'Granularity', hour: 'Hour', day: 'Day', month: 'Month', allInstitutions: 'All institutions', requests: 'Requests', archivePulls: 'Archive pulls', personPulls: 'Person record pulls', rejected: 'Rejected', latency: 'Mean latency (ms)',
  quotaBurn: 'Quota burn', topOperations: 'Top operations', chartTitle: 'Usage over time',
  queues: 'Objection and repair queues', overdue: 'Overdue', dueOn: 'Due', route: 'Route', uphold: 'Uphold', reject: 'Reject', approve: 'Approve', deny: 'Deny', note: 'Note',
  enterpriseObjections: 'Enterprise objections (overdue)', personObjections: 'Person objections', pendingRepairs: 'Pending repairs', decided: 'Done.',
  collection: 'Collection and data quality', submitted: 'Submitted', accepted: 'Accepted', rejectedRecords: 'Rejected', timeliness: 'On time', usccErrors: 'USCC errors', cycles: 'Cycles delivered',
  myInstitution: 'My institution', reportsIssued: 'Reports issued',
  watchlists: 'Watchlist', watchTotal: 'Subjects watched', subject: 'USCC', events: 'Events', allEvents: 'every event', since: 'Watched since',
  unwatch: 'Unwatch', unwatchedDone: 'No longer watched.', addSubject: 'Watch', uploadCsv: 'Upload a loan book (CSV)',
  csvHelp: 'The first column of each line is a USCC; a header, blank lines and further columns are ignored; at most 20,000 lines.', watchedDone: '{watched} subjects watched; {total} in all.',
  webhooks: 'Webhooks', url: 'URL', registerWebhook: 'Register a webhook', secretOnce: 'The signing secret is shown this once: store it now:', deleteWebhook: 'Delete',
  deliveries: 'Deliveries', eventId: 'Event', attempts: 'Attempts', lastStatus: 'Last status', lastError: 'Last error', replay: 'Replay', replayed: 'Queued again.',
  reportNumber: 'Report number', subjectName: 'Subject', issuedAt: 'Issued', downloadPdf: 'Download PDF', reportSaved: 'Downloaded: ',
  ingestJobs: 'Collection jobs', item: 'Item', receivedAt: 'Received', finishedAt: 'Finished', error: 'Error', format: 'Format', allDepartments: 'All departments',
  rejectedCsv: 'Rejected rows (CSV)', jobsHelp: 'Bulk loads (POST /ingest/<item>), newest first, with their progress; the rejected rows download as CSV.',
  deadLetters: 'Webhook dead letters (every attempt over 24 h failed)', institution: 'Institution',
  pages: 'Pages', prevPage: 'Previous page', nextPage: 'Next page', pageN: 'Page {n}', pageSize: 'Per page',
  statistics: 'Credit statistics', statFrom: 'From', statTo: 'To', region: 'Region code', industry: 'Industry code', statApply: 'Show', optional: 'optional',
  statWindow: 'Window: {from} to {to} (China Standard Time)', statEnterprises: 'Enterprises in scope',
  statGrades: 'Enterprises by credit grade', count: 'Count', share: 'Share',
  statLists: 'Red and black lists: entered and left by month', redEntered: 'Red entered', redLeft: 'Red left', blackEntered: 'Black entered', blackLeft: 'Black left', activeEntries: 'Active entries on the last day', activeSubjects: 'Subjects',
  listType: 'List',
  statWorkflows: 'Objections and repairs: received and decided by month', workflow: 'Workflow', received: 'Received', decidedCount: 'Decided', overdueCount: 'Overdue', medianDays: 'Median days to decide',
  enterpriseObjectionsAll: 'Enterprise objections', personObjectionsAll: 'Person objections', repairsAll: 'Credit repairs',
  statSanctions: 'Joint sanctions: checks and interceptions by matter', matter: 'Matter', checks: 'Checks', subjectsChecked: 'Subjects checked', interceptions: 'Interceptions (restricted)', incentives: 'Incentives',
  statQueries: 'Queries by institution kind', archivePullsShort: 'Archive pulls', personPullsShort: 'Person record pulls',
  statCannot: 'This cannot be shown: ',
  errUNAUTHENTICATED: 'The key or token is unknown, revoked or expired: sign in again.',
  errSUSPENDED: 'This institution is suspended and cannot call the platform.',
  errFORBIDDEN: 'You may not see this.',
  errRATE_LIMITED: 'Too many requests (429): try again shortly.',
  errQUOTA_EXCEEDED: 'Over this institution\'s quota (429): try again once it resets.',
  errREPAIR_TOO_EARLY: 'Too early to apply for repair: the earliest date is {date}.',
  errREPAIR_NOT_ALLOWED: 'A serious violation cannot be repaired before its publicity ends.',
  errOBJECTION_OPEN: 'This record already has an open objection.',
  errNETWORK: 'Cannot reach the platform: check the network.',
  errOTHER: 'The request failed: {message}',
};

export type Lang = 'zh-CN' | 'en';
const LANG = 'creditgraph.console.lang';

export function initialLang(): Lang {
  try { return localStorage.getItem(LANG) === 'en' ? 'en' : 'zh-CN'; } catch { return 'zh-CN'; }
}

export function storeLang(lang: Lang): void {
  try { localStorage.setItem(LANG, lang); } catch { /* private mode: the choice lasts the page */ }
  document.documentElement.lang = lang;
}

export type T = (key: Key, vars?: Record<string, string>) => string;

export function translator(lang: Lang): T {
  const table = lang === 'en' ? en : zh;
  return (key, vars) => table[key].replace(/\{(\w+)\}/g, (_, v: string) => vars?.[v] ?? '');
}

/** What went wrong, in words: by code (and reason), never a stack or a raw status alone. */
export function describeErrors(t: T, errors: readonly GqlError[]): string[] {
  return [...new Set(errors.map((e) => {
    const code = e.extensions?.code;
    const reason = e.extensions?.reason;
    if (code === 'UNAUTHENTICATED' && /suspended/i.test(e.message)) return t('errSUSPENDED');
    if (reason === 'REPAIR_TOO_EARLY' || code === 'REPAIR_TOO_EARLY') return t('errREPAIR_TOO_EARLY', { date: String(e.extensions?.earliestDate ?? '') });
    for (const k of ['REPAIR_NOT_ALLOWED', 'OBJECTION_OPEN'] as const) if (reason === k || code === k) return t(`err${k}`);
    for (const k of ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'QUOTA_EXCEEDED'] as const) if (code === k) return t(`err${k}`);
    return t('errOTHER', { message: e.message });
  }))];
}
