import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Segmented, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { useComplianceReport, type SlaComplianceReport } from './api';
import { Chart } from './Chart';
import './sla.css';
import { TARGET_KINDS, complianceSeries, defaultReportDays, duration, type ReportGroup } from './model';

const DIMENSIONS = ['month', 'team', 'technician', 'type', 'priority', 'version'];
const ZONES = ['Asia/Shanghai', 'UTC', 'Asia/Hong_Kong', 'Europe/Berlin', 'America/New_York'];

/** /admin/sla/compliance: met and breached per group and target, with the time taken, as charts and a table, exportable. */
export function SlaCompliancePage() {
  const { t, i18n } = useTranslation();
  const [picked, setRange] = useState<[Dayjs, Dayjs]>();
  const [groupBy, setGroupBy] = useState('month');
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const [target, setTarget] = useState<string>('FirstResponse');
  // the picked days are whole days in the report's zone, the last one included; until someone picks, the last six months to today there
  const range = picked ?? defaultReportDays(timeZone).map((d) => dayjs(d)) as [Dayjs, Dayjs];
  const query = { from: range[0].format('YYYY-MM-DD'), to: range[1].add(1, 'day').format('YYYY-MM-DD'), groupBy, timeZone };
  const report = useComplianceReport(query);
  const file = (format: string) =>
    `/api/sla-reports/compliance?${new URLSearchParams({ ...query, format, lang: i18n.language.startsWith('zh') ? 'zh' : 'en' })}`;
  return (
    <main className="page">
      <div className="page-heading">
        <Space orientation="vertical" size={0}>
          <Typography.Text type="secondary"><Link to="/admin/sla">{t('sla.title')}</Link></Typography.Text>
          <Typography.Title level={1}>{t('sla.report.title')}</Typography.Title>
        </Space>
        <Space>
          <Button icon={<DownloadOutlined />} href={file('csv')} data-testid="sla-export-csv">{t('sla.report.csv')}</Button>
          <Button icon={<DownloadOutlined />} href={file('xlsx')} data-testid="sla-export-xlsx">{t('sla.report.xlsx')}</Button>
        </Space>
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id="sla-report-period">{t('sla.report.period')}</span>
        <DatePicker.RangePicker aria-labelledby="sla-report-period" value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Select aria-label={t('sla.report.groupBy')} value={groupBy} onChange={setGroupBy} style={{ width: 160 }} data-testid="sla-report-groupby"
          options={DIMENSIONS.map((d) => ({ value: d, label: `${t('sla.report.groupBy')}: ${t(`sla.report.by.${d}`)}` }))} />
        <Select aria-label={t('sla.report.timeZone')} value={timeZone} onChange={setTimeZone} style={{ width: 170 }}
          options={ZONES.map((z) => ({ value: z, label: z }))} />
        <Segmented aria-label={t('sla.report.target')} value={target} onChange={(v) => setTarget(v as string)}
          options={TARGET_KINDS.map((k) => ({ value: k, label: t(`sla.target.${k}`) }))} />
      </Space>
      {report.data && <ReportView report={report.data} target={target} />}
    </main>
  );
}

function ReportView({ report, target }: { report: SlaComplianceReport; target: string }) {
  const { t } = useTranslation();
  const units = { d: t('sla.units.d'), h: t('sla.units.h'), min: t('sla.units.min') };
  const groups = report.groups as ReportGroup[];
  const label = (g: ReportGroup) => (['type', 'priority'].includes(report.groupBy) ? t(`sla.enum.${g.key}`, { defaultValue: g.label }) : g.label);
  const series = complianceSeries(groups.map((g) => ({ ...g, label: label(g) })), target);
  const counts = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: series.labels },
    yAxis: [{ type: 'value', name: t('sla.report.requests') }, { type: 'value', name: '%', min: 0, max: 100 }],
    series: [
      { name: t('sla.report.met'), type: 'bar', stack: 'n', data: series.met, itemStyle: { color: '#389e0d' } },
      { name: t('sla.report.breached'), type: 'bar', stack: 'n', data: series.breached, itemStyle: { color: '#cf1322' } },
      { name: t('sla.report.metPercent'), type: 'line', yAxisIndex: 1, data: series.percent, itemStyle: { color: '#1677ff' } },
    ],
  }), [series, t]);
  const times = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: series.labels },
    yAxis: { type: 'value' },
    series: [
      { name: t('sla.report.average'), type: 'bar', data: series.average, itemStyle: { color: '#597ef7' } },
      { name: t('sla.report.p90'), type: 'bar', data: series.p90, itemStyle: { color: '#9254de' } },
    ],
  }), [series, t]);
  if (report.total.requests === 0) return <Typography.Paragraph type="secondary">{t('sla.report.empty')}</Typography.Paragraph>;
  const rows = [...groups, { ...report.total, label: t('sla.report.total') } as ReportGroup];
  const pick = (g: ReportGroup) => g.targets.find((x) => x.target === target)!;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={<h2 className="sla-card-title">{t('sla.report.chart')}</h2>}>
        <Chart option={counts} label={t('sla.report.chart')} testId="sla-report-chart" />
      </Card>
      <Card size="small" title={<h2 className="sla-card-title">{t('sla.report.timeChart')}</h2>}>
        <Chart option={times} label={t('sla.report.timeChart')} height={260} />
      </Card>
      <Table<ReportGroup> rowKey="key" size="small" pagination={false} dataSource={rows} data-testid="sla-report-table"
        columns={[
          { title: t('sla.report.group'), key: 'label', render: (_, g) => label(g) },
          { title: t('sla.report.requests'), dataIndex: 'requests', align: 'right' },
          { title: t('sla.report.met'), key: 'met', align: 'right', render: (_, g) => pick(g).met },
          { title: t('sla.report.breached'), key: 'breached', align: 'right', render: (_, g) => pick(g).breached },
          { title: t('sla.report.running'), key: 'running', align: 'right', render: (_, g) => pick(g).running },
          { title: t('sla.report.metPercent'), key: 'pct', align: 'right', render: (_, g) => (pick(g).metPercent == null ? '—' : `${pick(g).metPercent} %`) },
          { title: t('sla.report.average'), key: 'avg', align: 'right', render: (_, g) => duration(pick(g).averageMinutes, units) },
          { title: t('sla.report.p90'), key: 'p90', align: 'right', render: (_, g) => duration(pick(g).p90Minutes, units) },
        ]} />
    </Space>
  );
}
