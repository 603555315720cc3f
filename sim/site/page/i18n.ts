// The Simplified Chinese page (variant lang: 'zh-CN'): every visible label and aria-label the page
// renders is translated; element names, classes and data-test-* stay as they are (as on a
// localised Angular page). Translations are ours, except 停止生成 (docs/aistudio-page.md). The page code
// keeps writing English; `h()` translates what it creates and an observer translates later
// attribute and text changes, so no English label survives a task boundary.

const ZH: Record<string, string> = {
  Run: '运行',
  Stop: '停止',
  'Stop generating': '停止生成',
  'New chat': '新建聊天',
  'System instructions': '系统指令',
  'Optional tone and style instructions for the model': '可选：为模型设定语气和风格的指令',
  Temperature: '温度',
  'Top P': 'Top P 采样',
  'Token count': '令牌数',
  'Run settings': '运行设置',
  'Close run settings panel': '关闭运行设置面板',
  'Toggle run settings panel': '切换运行设置面板',
  'Enter a prompt': '输入提示',
  'Start typing a prompt': '开始输入提示',
  Thinking: '思考',
  'Thinking level': '思考等级',
  'Thinking Level': '思考等级',
  'Thinking mode': '思考模式',
  'Toggle thinking mode': '切换思考模式',
  'Set thinking budget': '设置思考预算',
  'Thinking budget': '思考预算',
  'Toggle thinking budget between auto and manual': '在自动和手动之间切换思考预算',
  'Always on for this model': '此模型始终开启',
  Low: '低',
  Medium: '中',
  High: '高',
  Minimal: '最低',
  Tools: '工具',
  'Expand or collapse tools': '展开或收起工具',
  'Advanced settings': '高级设置',
  'Expand or collapse advanced settings': '展开或收起高级设置',
  'Function calling': '函数调用',
  'Edit function declarations': '修改函数声明',
  Edit: '修改',
  'Stop editing': '停止修改',
  'Grounding with Google Search': '依托 Google 搜索',
  'URL context': '网址上下文',
  'Code execution': '代码执行',
  'Structured output': '结构化输出',
  'Edit structured output schema': '修改结构化输出架构',
  'Save the schema': '保存架构',
  'Reset the schema': '重置架构',
  Schema: '架构',
  'Aspect ratio': '宽高比',
  'Output resolution': '输出分辨率',
  Sources: '来源',
  'Generated image': '生成的图片',
  'Code execution result': '代码执行结果',
  'Browse the url context': '浏览网址上下文',
  'Stop sequence': '停止序列',
  'Add stop token': '添加停止标记',
  'Add stop sequence': '添加停止序列',
  'Add stop...': '添加停止…',
  'Output length': '输出长度',
  'Maximum output tokens': '最大输出令牌数',
  'Temporary chat': '临时聊天',
  'Temporary chat toggle': '切换临时聊天',
  "This chat won't be saved to your library": '此聊天不会保存到您的库中',
  'View more actions': '查看更多操作',
  'Get code': '获取代码',
  'Compare mode': '比较模式',
  'Untitled prompt': '未命名提示',
  'Chat prompt': '聊天提示',
  'Welcome to AI Studio': '欢迎使用 AI Studio',
  'Type a prompt below and press Run.': '在下方输入提示，然后点击“运行”。',
  'Insert assets such as images, videos, files, or audio': '插入图片、视频、文件或音频等素材',
  'Upload a file': '上传文件',
  'Upload files': '上传文件',
  Drive: '云端硬盘',
  'Record audio': '录音',
  Camera: '相机',
  'Sample media': '示例媒体',
  'Copyright acknowledgement': '版权确认',
  'Make sure you have the rights to the content you upload.': '请确保您有权上传这些内容。',
  Cancel: '取消',
  Continue: '继续',
  'Acknowledge copyright': '确认版权',
  'Discard unsaved changes?': '要舍弃未保存的更改吗？',
  'Starting a new chat discards the current conversation.': '新建聊天会舍弃当前对话。',
  'Discard and continue': '舍弃并继续',
  'Before you continue': '继续之前',
  'AI Studio has updated its terms. Review them to keep using the app.': 'AI Studio 已更新条款，请查看后继续使用。',
  Agree: '同意',
  'Agree to the updated terms': '同意更新后的条款',
  'Function declarations': '函数声明',
  'Code Editor': '代码编辑器',
  'Visual Editor': '可视化编辑器',
  Reset: '重置',
  'Reset the function declarations': '重置函数声明',
  Save: '保存',
  'Save the current function declarations': '保存当前函数声明',
  Close: '关闭',
  'Tab to indent, Shift+Tab to outdent': '按 Tab 缩进，按 Shift+Tab 取消缩进',
  'Function declarations must be a JSON array.': '函数声明必须是 JSON 数组。',
  'Select a model': '选择模型',
  User: '用户',
  Model: '模型',
  'Open options': '打开选项',
  Delete: '删除',
  'Branch from here': '从此处分支',
  'Copy text': '复制文本',
  'Copy markdown': '复制 Markdown',
  Thoughts: '思考过程',
  Dismiss: '关闭',
  'Welcome to Google AI Studio': '欢迎使用 Google AI Studio',
  'Build with the latest Gemini models.': '使用最新的 Gemini 模型进行构建。',
  'Got it': '知道了',
  Skip: '跳过',
  'Skip preference vote': '跳过偏好投票',
  'Which response do you prefer?': '您更喜欢哪个回答？',
  'Failed to generate content, user has exceeded quota. Please try again later.':
    '生成内容失败，用户已超出配额。请稍后再试。',
  "You've reached your rate limit. Please try again later.": '您已达到速率限制。请稍后再试。',
  'Request is too large. Please try smaller requests.': '请求过大。请尝试较小的请求。',
  'An internal error has occurred.': '发生内部错误。',
};

const PATTERNS: [RegExp, string][] = [
  [/^Remove (.+)$/s, '移除 $1'],
  [/^Failed to generate content \((\d+)\)\.$/, '生成内容失败（$1）。'],
  [/^Failed to generate content: (.*)$/s, '生成内容失败：$1'],
];

let chinese = false;

export function setChinese(on: boolean): void {
  chinese = on;
  document.documentElement.lang = on ? 'zh-CN' : 'en';
}

/** The label as this page shows it (unchanged in English or when not a known label). */
export function tr(text: string): string {
  if (!chinese) return text;
  const exact = ZH[text.trim()];
  if (exact) return exact;
  for (const [re, to] of PATTERNS) if (re.test(text)) return text.replace(re, to);
  return text;
}

const ATTRS = ['aria-label', 'placeholder', 'title'];
/** User and model content is never translated. */
const CONTENT = 'ms-cmark-node, textarea, pre, .preview, .file-name, ms-file-chunk';

function translateNode(node: Node): void {
  if (node instanceof Text) {
    if (node.parentElement?.closest(CONTENT)) return;
    const to = tr(node.data);
    if (to !== node.data) node.data = to;
    return;
  }
  if (!(node instanceof Element) || node.closest(CONTENT)) return;
  for (const name of ATTRS) {
    const v = node.getAttribute(name);
    if (v !== null && tr(v) !== v) node.setAttribute(name, tr(v));
  }
  for (const child of Array.from(node.childNodes)) translateNode(child);
}

/** Keep everything under `root` translated from now on. */
export function watchTranslations(root: Node): void {
  if (!chinese) return;
  translateNode(root);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' || r.type === 'characterData') translateNode(r.target);
      else r.addedNodes.forEach(translateNode);
    }
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS });
}
