import type { Localized } from '../../../src/model/localized.js';

/**
 * Every string the console shows, in English and Simplified Chinese, in one table so a reviewer
 * of the Chinese reads one file. The wording follows the HTML report's (src/reporters/labels.ts).
 * `{name}` marks a value filled in by `tf`. Data texts (check titles, messages) come from the
 * findings and the catalogue.
 */

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

export const STRINGS = {
  appName: { en: 'Rampart', zh: 'Rampart' },
  skipToContent: { en: 'Skip to main content', zh: '跳到主要内容' },
  mainNav: { en: 'Main', zh: '主导航' },
  language: { en: 'Language', zh: '语言' },
  switchLanguage: { en: '中文', zh: 'English' },
  switchLanguageLabel: { en: 'Switch to Chinese', zh: '切换到英文' },
  signedInAs: { en: 'Signed in as {name}', zh: '当前用户：{name}' },
  signOut: { en: 'Sign out', zh: '退出登录' },
  loading: { en: 'Loading…', zh: '正在加载…' },
  saving: { en: 'Saving…', zh: '正在保存…' },
  saved: { en: 'Saved.', zh: '已保存。' },
  error: { en: 'Error: {message}', zh: '出错：{message}' },
  forbidden: { en: 'Your role does not give access to this page.', zh: '您的角色无权访问此页面。' },
  notFound: { en: 'Page not found.', zh: '页面不存在。' },
  sessionEnded: { en: 'Your session has ended; please sign in again.', zh: '会话已结束，请重新登录。' },
  none: { en: 'None', zh: '无' },
  dash: { en: '—', zh: '—' },
  yes: { en: 'Yes', zh: '是' },
  no: { en: 'No', zh: '否' },
  cancel: { en: 'Cancel', zh: '取消' },
  save: { en: 'Save', zh: '保存' },
  edit: { en: 'Edit', zh: '编辑' },
  remove: { en: 'Remove', zh: '删除' },
  add: { en: 'Add', zh: '添加' },

  // Sign-in
  signInTitle: { en: 'Sign in to Rampart', zh: '登录 Rampart' },
  signInIntro: { en: 'Findings, waivers and compliance reports for your clusters and images.', zh: '集群与镜像的安全问题、豁免审批和合规报告。' },
  username: { en: 'User name', zh: '用户名' },
  password: { en: 'Password', zh: '密码' },
  signIn: { en: 'Sign in', zh: '登录' },
  signingIn: { en: 'Signing in…', zh: '正在登录…' },
  signInSso: { en: 'Sign in with SSO', zh: '使用单点登录（SSO）' },
  or: { en: 'or', zh: '或' },

  // Navigation
  navOverview: { en: 'Overview', zh: '总览' },
  navFindings: { en: 'Findings', zh: '安全问题' },
  navWaivers: { en: 'Waivers', zh: '豁免' },
  navTeams: { en: 'Teams and routing', zh: '团队与分派' },
  navReports: { en: 'Compliance reports', zh: '合规报告' },
  navAudit: { en: 'Audit trail', zh: '审计日志' },
  navUsers: { en: 'Users', zh: '用户' },

  // Overview
  overviewTitle: { en: 'Overview', zh: '总览' },
  openFindings: { en: 'Open findings', zh: '未关闭的问题' },
  openBySeverity: { en: 'Open findings by severity', zh: '未关闭问题（按严重程度）' },
  byTeam: { en: 'By team', zh: '按团队' },
  byCluster: { en: 'By cluster', zh: '按集群' },
  overdue: { en: 'Overdue', zh: '已超期' },
  overdueHint: { en: 'Failing findings past their fix deadline (SLA)', zh: '超过修复期限（SLA）仍未修复的问题' },
  trendTitle: { en: 'Failing findings over the last {n} days', zh: '近 {n} 天未通过问题趋势' },
  trendChartLabel: { en: 'Failing findings per day, {from} to {to}; latest {latest}', zh: '每日未通过问题数，{from} 至 {to}；最新 {latest}' },
  trendEmpty: { en: 'No trend yet: upload a scan first.', zh: '暂无趋势数据：请先上传扫描结果。' },
  noOpenFindings: { en: 'No open findings.', zh: '没有未关闭的问题。' },
  unowned: { en: 'Unowned', zh: '未分派' },
  noCluster: { en: '(no cluster)', zh: '（无集群）' },
  count: { en: 'Count', zh: '数量' },
  day: { en: 'Day', zh: '日期' },
  total: { en: 'Total', zh: '合计' },

  // Findings
  findingsTitle: { en: 'Findings', zh: '安全问题' },
  filters: { en: 'Filters', zh: '筛选条件' },
  severity: { en: 'Severity', zh: '严重程度' },
  status: { en: 'Status', zh: '状态' },
  cluster: { en: 'Cluster', zh: '集群' },
  namespace: { en: 'Namespace', zh: '命名空间' },
  check: { en: 'Check', zh: '检查项' },
  checkHint: { en: 'Check id, or a prefix such as image.*', zh: '检查项 ID，或前缀如 image.*' },
  owner: { en: 'Owner', zh: '负责团队' },
  text: { en: 'Asset name contains', zh: '资产名称包含' },
  anyOption: { en: 'Any', zh: '全部' },
  applyFilters: { en: 'Apply filters', zh: '应用筛选' },
  clearFilters: { en: 'Clear', zh: '清除' },
  asset: { en: 'Asset', zh: '资产' },
  subject: { en: 'Subject', zh: '对象' },
  firstSeen: { en: 'First seen', zh: '首次发现' },
  lastSeen: { en: 'Last seen', zh: '最近发现' },
  sla: { en: 'SLA', zh: '修复期限' },
  overdueDays: { en: '{n} d overdue', zh: '超期 {n} 天' },
  dueOn: { en: 'due {date}', zh: '{date} 到期' },
  nextPage: { en: 'Next page', zh: '下一页' },
  firstPage: { en: 'First page', zh: '第一页' },
  pageInfo: { en: 'Page {n}; {count} findings shown', zh: '第 {n} 页，显示 {count} 个问题' },
  noFindingsMatch: { en: 'No findings match these filters.', zh: '没有符合筛选条件的问题。' },
  findingsLoaded: { en: '{count} findings loaded.', zh: '已加载 {count} 个问题。' },
  findingsTable: { en: 'Findings, most severe first', zh: '安全问题列表（按严重程度排序）' },

  // Finding detail
  backToFindings: { en: 'Back to findings', zh: '返回问题列表' },
  message: { en: 'Message', zh: '描述' },
  description: { en: 'What the check looks for', zh: '检查说明' },
  evidence: { en: 'Evidence', zh: '证据' },
  location: { en: 'Location', zh: '位置' },
  file: { en: 'File', zh: '文件' },
  line: { en: 'Line', zh: '行' },
  jsonPath: { en: 'JSON path', zh: 'JSON 路径' },
  layer: { en: 'Layer', zh: '镜像层' },
  remediation: { en: 'Remediation', zh: '修复建议' },
  controls: { en: 'Controls', zh: '合规控制项' },
  history: { en: 'History', zh: '状态历史' },
  waiver: { en: 'Waiver', zh: '豁免' },
  fingerprint: { en: 'Fingerprint', zh: '指纹' },
  vulnerability: { en: 'Vulnerability', zh: '漏洞' },
  package: { en: 'Package', zh: '软件包' },
  installed: { en: 'Installed', zh: '已安装版本' },
  fixedIn: { en: 'Fixed in', zh: '修复版本' },
  noFix: { en: 'No fix available ({status})', zh: '暂无修复（{status}）' },
  notEvaluatedReason: { en: 'Not evaluated: {reason}', zh: '未评估：{reason}' },
  activeWaiver: { en: 'Waived by {id}: {reason} (approved by {approver}, expires {expires})', zh: '依据豁免 {id}：{reason}（审批人 {approver}，{expires} 到期）' },
  expiredWaiverNote: { en: 'Waiver {id} expired on {date}; the finding fails again.', zh: '豁免 {id} 已于 {date} 到期，该问题重新计为未通过。' },
  requestsForFinding: { en: 'Waiver requests for this finding', zh: '该问题的豁免申请' },
  noRequestsForFinding: { en: 'No waiver request names this finding.', zh: '没有针对该问题的豁免申请。' },
  historyChange: { en: '{from} → {to}', zh: '{from} → {to}' },
  historyNew: { en: 'reported as {to}', zh: '首次报告为 {to}' },
  by: { en: 'By', zh: '操作人' },
  change: { en: 'Change', zh: '变更' },
  when: { en: 'When', zh: '时间' },
  scan: { en: 'Scan {id}', zh: '扫描 {id}' },

  // Waiver request form
  requestWaiver: { en: 'Request waiver', zh: '申请豁免' },
  requestWaiverTitle: { en: 'Request a waiver for this finding', zh: '为该问题申请豁免' },
  scopeFingerprint: { en: 'Scope (finding fingerprint)', zh: '范围（问题指纹）' },
  reason: { en: 'Reason', zh: '理由' },
  reasonHint: { en: 'Why the risk is accepted, and what mitigates it', zh: '为何接受该风险，以及有哪些缓解措施' },
  expires: { en: 'Expires', zh: '到期日' },
  expiresHint: { en: 'Last day the waiver applies (inclusive)', zh: '豁免生效的最后一天（含当天）' },
  ticket: { en: 'Ticket (optional)', zh: '工单号（可选）' },
  submitRequest: { en: 'Submit request', zh: '提交申请' },
  requestSubmitted: { en: 'Waiver request {id} submitted; a security administrator will decide it.', zh: '豁免申请 {id} 已提交，等待安全管理员审批。' },

  // Waivers queue
  waiversTitle: { en: 'Waivers', zh: '豁免' },
  waiverState: { en: 'State', zh: '状态' },
  showState: { en: 'Show', zh: '显示' },
  allStates: { en: 'All', zh: '全部' },
  requestedBy: { en: 'Requested by', zh: '申请人' },
  requestedAt: { en: 'Requested', zh: '申请时间' },
  decidedBy: { en: 'Decided by', zh: '审批人' },
  scope: { en: 'Scope', zh: '范围' },
  actions: { en: 'Actions', zh: '操作' },
  approve: { en: 'Approve', zh: '批准' },
  reject: { en: 'Reject', zh: '驳回' },
  revoke: { en: 'Revoke', zh: '撤销' },
  decisionNote: { en: 'Note for {id} (optional)', zh: '{id} 的审批意见（可选）' },
  ownRequest: { en: 'Your request: another security administrator decides it', zh: '本人申请：需由其他安全管理员审批' },
  noWaivers: { en: 'No waivers in this state.', zh: '没有处于该状态的豁免。' },
  waiverDecided: { en: 'Waiver {id} is now {state}; {n} findings changed.', zh: '豁免 {id} 现为“{state}”，{n} 个问题状态已更新。' },
  waiversTable: { en: 'Waiver requests', zh: '豁免申请列表' },

  // Teams and routing
  teamsTitle: { en: 'Teams and routing', zh: '团队与分派' },
  teams: { en: 'Teams', zh: '团队' },
  teamId: { en: 'Id', zh: 'ID' },
  teamName: { en: 'Name', zh: '名称' },
  notifications: { en: 'Notifications', zh: '通知' },
  webhook: { en: 'Webhook URL', zh: 'Webhook 地址' },
  email: { en: 'E-mail (comma-separated)', zh: '电子邮件（以逗号分隔）' },
  syslog: { en: 'Syslog', zh: 'Syslog' },
  editTeam: { en: 'Edit team {id}', zh: '编辑团队 {id}' },
  newTeam: { en: 'New team', zh: '新建团队' },
  routingRules: { en: 'Routing rules', zh: '分派规则' },
  routingIntro: { en: 'Rules are tried by priority, lowest first; the first whose selectors all match assigns the owner. The default team takes the rest.', zh: '规则按优先级从小到大依次匹配，第一条所有条件都满足的规则决定负责团队；其余问题归默认团队。' },
  priority: { en: 'Priority', zh: '优先级' },
  team: { en: 'Team', zh: '团队' },
  labels: { en: 'Labels (key=value, …)', zh: '标签（键=值，…）' },
  imageRepository: { en: 'Image repository', zh: '镜像仓库' },
  packageLayer: { en: 'Package layer', zh: '软件包层' },
  layerOs: { en: 'OS (base image)', zh: '操作系统（基础镜像）' },
  layerApp: { en: 'Application', zh: '应用依赖' },
  editRules: { en: 'Edit rules', zh: '编辑规则' },
  addRule: { en: 'Add rule', zh: '添加规则' },
  saveRules: { en: 'Save rules', zh: '保存规则' },
  ruleN: { en: 'Rule {n}', zh: '规则 {n}' },
  noRules: { en: 'No routing rules: every finding goes to the default team.', zh: '没有分派规则：所有问题归默认团队。' },

  // Reports
  reportsTitle: { en: 'Compliance reports', zh: '合规报告' },
  reportsIntro: { en: 'Each control with pass, fail, not evaluated or manual, the evidence behind it and the open waivers.', zh: '逐项列出控制项的通过、未通过、未评估或需人工核查状态，以及相应证据和有效豁免。' },
  framework: { en: 'Framework', zh: '合规框架' },
  version: { en: 'Version', zh: '版本' },
  openHtmlEn: { en: 'HTML (English)', zh: 'HTML（英文）' },
  openHtmlZh: { en: 'HTML (Chinese)', zh: 'HTML（中文）' },
  downloadPdfEn: { en: 'PDF (English)', zh: 'PDF（英文）' },
  downloadPdfZh: { en: 'PDF (Chinese)', zh: 'PDF（中文）' },
  opensInNewTab: { en: '(opens in a new tab)', zh: '（在新标签页打开）' },
  reportLinksFor: { en: 'Report for {name}', zh: '{name} 报告' },

  // Audit
  auditTitle: { en: 'Audit trail', zh: '审计日志' },
  auditIntro: { en: 'Append-only log of sign-ins, changes and decisions, chained by SHA-256 hashes.', zh: '只追加的操作日志，记录登录、配置变更和审批决定，并以 SHA-256 哈希链串联。' },
  verifyChain: { en: 'Verify chain', zh: '校验哈希链' },
  verifying: { en: 'Verifying…', zh: '正在校验…' },
  chainOk: { en: 'Chain intact: {n} entries, {first} to {last}.', zh: '哈希链完整：共 {n} 条记录（{first} 至 {last}）。' },
  chainBroken: { en: 'Chain broken at entry {seq}: {reason}', zh: '哈希链在第 {seq} 条记录处断裂：{reason}' },
  actor: { en: 'Actor', zh: '操作人' },
  action: { en: 'Action', zh: '操作' },
  target: { en: 'Target', zh: '对象' },
  outcome: { en: 'Outcome', zh: '结果' },
  sourceIp: { en: 'Source address', zh: '来源地址' },
  seq: { en: 'No.', zh: '序号' },
  time: { en: 'Time', zh: '时间' },
  olderEntries: { en: 'Older entries', zh: '更早的记录' },
  newestEntries: { en: 'Newest entries', zh: '最新记录' },
  auditLoaded: { en: '{count} entries shown.', zh: '显示 {count} 条记录。' },
  noAuditEntries: { en: 'No entries match.', zh: '没有符合条件的记录。' },
  auditTable: { en: 'Audit entries, newest first', zh: '审计记录（最新在前）' },
  outcomeSuccess: { en: 'success', zh: '成功' },
  outcomeFailure: { en: 'failure', zh: '失败' },
  outcomeDenied: { en: 'denied', zh: '拒绝' },

  // Users
  usersTitle: { en: 'Users', zh: '用户' },
  displayName: { en: 'Display name', zh: '显示名称' },
  roles: { en: 'Roles', zh: '角色' },
  auth: { en: 'Sign-in', zh: '登录方式' },
  disabled: { en: 'Disabled', zh: '已停用' },
  created: { en: 'Created', zh: '创建时间' },
  usersTable: { en: 'Accounts', zh: '账号列表' },
} as const satisfies Record<string, Localized>;

export type StringKey = keyof typeof STRINGS;

export const SEVERITY_LABELS: Record<string, Localized> = {
  critical: { en: 'Critical', zh: '严重' },
  high: { en: 'High', zh: '高危' },
  medium: { en: 'Medium', zh: '中危' },
  low: { en: 'Low', zh: '低危' },
  info: { en: 'Info', zh: '提示' },
};

export const STATUS_LABELS: Record<string, Localized> = {
  fail: { en: 'Fail', zh: '未通过' },
  waived: { en: 'Waived', zh: '已豁免' },
  'not-evaluated': { en: 'Not evaluated', zh: '未评估' },
  resolved: { en: 'Resolved', zh: '已修复' },
};

export const WAIVER_STATE_LABELS: Record<string, Localized> = {
  requested: { en: 'Requested', zh: '待审批' },
  approved: { en: 'Approved', zh: '已批准' },
  rejected: { en: 'Rejected', zh: '已驳回' },
  expired: { en: 'Expired', zh: '已过期' },
  revoked: { en: 'Revoked', zh: '已撤销' },
};

export const ROLE_LABELS: Record<string, Localized> = {
  'system-admin': { en: 'System administrator', zh: '系统管理员' },
  'security-admin': { en: 'Security administrator', zh: '安全管理员' },
  auditor: { en: 'Auditor', zh: '审计管理员' },
  member: { en: 'Team member', zh: '团队成员' },
};

/** A label in `lang`; English when a translation is missing. */
export function pick(label: Localized | undefined, lang: Lang): string {
  if (!label) return '';
  return label[lang] || label.en;
}

/** `pick` with `{name}` placeholders filled in. */
export function format(label: Localized, lang: Lang, values: Record<string, string | number> = {}): string {
  return pick(label, lang).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'zh';
}

export const LANG_STORAGE_KEY = 'rampart.lang';

/** The stored choice, else the browser's preference (Chinese for any zh locale), else English. */
export function initialLang(stored: string | null, browserLanguages: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  return browserLanguages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

/** Dates as the report prints them: ISO day and minutes in UTC, the same for every reader of an audit. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
