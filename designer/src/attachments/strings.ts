/** The attachments section's strings (key `attachments.*`), English and Simplified Chinese, added to the one i18n table in src/i18n/index.ts. */
const en = {
  title: 'Attachments',
  none: 'No attachments yet.',
  attach: 'Attach files',
  hint: 'Images (PNG, JPEG, WebP) or PDF, at most {{mb}} MB each — or drop files here.',
  dropHere: 'Drop the files to attach them',
  attached_one: '{{count}} file attached.',
  attached_other: '{{count}} files attached.',
  tooLarge: '“{{name}}” is {{size}}; a file is at most {{mb}} MB.',
  wrongType: '“{{name}}” is not an image or a PDF.',
  by: '{{who}}, {{when}}',
  open: 'Open {{name}}',
  download: 'Download',
  newTab: 'Open in a new tab',
  close: 'Close',
  attachedFile: 'Attached {{name}}',
  kinds: { File: 'File', Photo: 'Visit photo', Signature: 'Customer signature' },
};

const zh: typeof en = {
  title: '附件',
  none: '暂无附件。',
  attach: '添加附件',
  hint: '图片（PNG、JPEG、WebP）或 PDF，每个文件不超过 {{mb}} MB；也可以把文件拖到这里。',
  dropHere: '松开鼠标即可添加附件',
  attached_one: '已添加 {{count}} 个附件。',
  attached_other: '已添加 {{count}} 个附件。',
  tooLarge: '“{{name}}”大小为 {{size}}，每个文件不超过 {{mb}} MB。',
  wrongType: '“{{name}}”不是图片或 PDF 文件。',
  by: '{{who}}，{{when}}',
  open: '打开 {{name}}',
  download: '下载',
  newTab: '在新标签页打开',
  close: '关闭',
  attachedFile: '添加了附件 {{name}}',
  kinds: { File: '文件', Photo: '上门照片', Signature: '客户签字' },
};

export const attachmentStrings = { en: { attachments: en }, 'zh-CN': { attachments: zh } };
