/** The scheduling screen's strings (key `scheduling.*`), English and Simplified Chinese, added to the one i18n table in src/i18n/index.ts. */
const en = {
  nav: 'Schedules',
  title: 'PM and callbacks',
  reminders: {
    title: 'Due soon', within: 'Due within', days: '{{count}} days', kind: 'What', source: 'From', due: 'Due', customer: 'Customer',
    request: 'Request', product: 'Product / contract', overdue: 'overdue', empty: 'Nothing is due in this period.',
    kinds: { pm: 'Maintenance visit', callback: 'Callback' },
    sources: { plan: 'PM plan', callback: 'call open', flow: 'flow', sweep: 'revisit sweep' },
    notOpened: 'not opened yet',
  },
  runs: {
    title: 'PM generation runs', start: 'Run PM generation now', started: 'PM generation started', adminOnly: 'Only an administrator starts a run; it runs every hour by itself.',
    when: 'Started', trigger: 'By', status: 'Status', progress: 'Progress', counts: 'Opened / before / failed', message: 'Result',
    triggers: { schedule: 'schedule', manual: 'by hand' },
    statuses: { Queued: 'Queued', Running: 'Running', Succeeded: 'Done', Failed: 'Failed' },
    scanned: '{{scanned}} of {{total}} plans', errors: 'Failures',
  },
};

const zhCN: typeof en = {
  nav: '计划',
  title: '预防性维护与回访',
  reminders: {
    title: '即将到期', within: '到期范围', days: '{{count}} 天内', kind: '事项', source: '来源', due: '到期', customer: '客户',
    request: '服务单', product: '产品 / 合同', overdue: '已逾期', empty: '此期间没有到期事项。',
    kinds: { pm: '维护上门', callback: '回访' },
    sources: { plan: '维护计划', callback: '回访进行中', flow: '流程', sweep: '回访补漏' },
    notOpened: '尚未开单',
  },
  runs: {
    title: '维护单生成记录', start: '立即生成维护单', started: '已开始生成维护单', adminOnly: '只有管理员可以手动运行；系统每小时自动运行。',
    when: '开始时间', trigger: '触发', status: '状态', progress: '进度', counts: '新开 / 已有 / 失败', message: '结果',
    triggers: { schedule: '定时', manual: '手动' },
    statuses: { Queued: '排队中', Running: '运行中', Succeeded: '完成', Failed: '失败' },
    scanned: '已检查 {{scanned}} / {{total}} 个计划', errors: '失败原因',
  },
};

export const schedulingStrings = { en: { scheduling: en }, 'zh-CN': { scheduling: zhCN } };
