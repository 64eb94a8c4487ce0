// Every piece of UI text in English and in Simplified Chinese.  The
// archive's own text (titles, names, sentences) is shown as it is, in
// whichever script the report used; only the interface is translated.

const STRINGS = {
  search: ['Search', '搜索'],
  timeline: ['Timeline', '时间线'],
  stories: ['Stories', '报道组'],
  entities: ['Entities', '实体'],
  lang_toggle: ['中文', 'English'],
  lang_toggle_title: ['Switch the interface to Chinese', '界面切换为英文'],
  query: ['Query', '查询'],
  query_placeholder: ['e.g. 奥斯汀 董军, "香格里拉对话", Lloyd Austin', '例如 奥斯汀 董军、"香格里拉对话"、Lloyd Austin'],
  from: ['From', '起'],
  to: ['To', '止'],
  date_placeholder: ['YYYY-MM-DD', 'YYYY-MM-DD'],
  date_title: ['A year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD', '年、月或日：YYYY、YYYY-MM 或 YYYY-MM-DD'],
  source: ['Source', '来源'],
  any_source: ['All sources', '全部来源'],
  collapse: ['One per story', '每组只显示一篇'],
  go: ['Search', '搜索'],
  filter: ['Filter', '筛选'],
  clear: ['Clear', '清除'],
  results: ['{n} documents', '{n} 篇文档'],
  results_collapsed: ['{n} stories', '{n} 组报道'],
  showing: ['{a}–{b} of {n}', '第 {a}–{b} 条，共 {n} 条'],
  no_results: ['Nothing found.', '没有找到结果。'],
  enter_query: ['Type a query: names in either script, Latin names, quoted phrases.', '请输入查询：繁体或简体的名称、拉丁字母名称、带引号的短语均可。'],
  more_reports: ['+{n} more reports', '另有 {n} 篇报道'],
  more_report: ['+1 more report', '另有 1 篇报道'],
  prev: ['← Previous', '← 上一页'],
  next: ['Next →', '下一页 →'],
  entities_matching: ['Entities matching this query:', '与查询相符的实体：'],
  loading: ['Loading…', '加载中…'],
  error: ['Error', '错误'],
  token_needed: ['This archive needs an access token.', '此资料库需要访问令牌。'],
  token_label: ['Token', '令牌'],
  token_submit: ['Use token', '使用令牌'],
  token_wrong: ['The server refused this token.', '服务器拒绝了此令牌。'],
  network_error: ['The server did not answer: {m}', '服务器没有响应：{m}'],
  // document
  published: ['Published', '发布'],
  date_unknown: ['date unknown', '日期不详'],
  from_url: ['(from the URL)', '（取自网址）'],
  from_text: ['(from the text)', '（取自正文）'],
  fetched: ['Fetched', '抓取'],
  author: ['Author', '作者'],
  urls: ['Addresses', '网址'],
  no_text: ['(no text)', '（无正文）'],
  images: ['Images', '图片'],
  image_link: ['image', '图片链接'],
  no_caption: ['(no caption)', '（无说明）'],
  links: ['Links', '链接'],
  events: ['Events', '事件'],
  ev_type: ['Type', '类型'],
  ev_date: ['Date', '日期'],
  ev_actors: ['Actors', '参与方'],
  ev_sentence: ['Sentence', '原句'],
  story: ['Story', '报道组'],
  story_alone: ['The only report of its story.', '该报道组只有这一篇。'],
  story_size: ['{n} reports', '{n} 篇报道'],
  this_report: ['this report', '本篇'],
  matched: ['matched #{n}', '对应 #{n}'],
  open_story: ['open the story', '查看报道组'],
  // entities
  entity_type: ['Type', '类型'],
  any_type: ['All types', '全部类型'],
  person: ['person', '人物'],
  org: ['organisation', '机构'],
  place: ['place', '地点'],
  forum: ['forum', '会议'],
  name: ['Name', '名称'],
  name_placeholder: ['any form: Austin, 奥斯汀, 奧斯汀', '任意形式：Austin、奥斯汀、奧斯汀'],
  aliases: ['Names seen', '出现过的名称'],
  mentions: ['Mentions', '提及'],
  mentions_n: ['{n} mentions', '提及 {n} 次'],
  docs_n: ['{n} documents', '{n} 篇文档'],
  mentions_by_month: ['Mentions by month of publication', '按发布月份统计的提及次数'],
  no_months: ['No dated mentions.', '没有带日期的提及。'],
  engagements: ['Engagements', '往来'],
  engagements_hint: ['Others this entity met, called, visited or talked with; each opens the pair\'s timeline.', '与该实体会面、通话、访问或会谈的其他方；点击查看双方的时间线。'],
  no_engagements: ['No engagements on the timeline.', '时间线上没有往来记录。'],
  events_n: ['{n} events', '{n} 个事件'],
  event_1: ['1 event', '1 个事件'],
  documents: ['Documents', '文档'],
  entity_timeline: ['Timeline of this entity', '该实体的时间线'],
  no_entities: ['No entities.', '没有实体。'],
  entities_total: ['{n} entities', '{n} 个实体'],
  // timeline
  actor: ['Actor', '参与方'],
  actor2: ['and actor', '及参与方'],
  actor_placeholder: ['e.g. 董军, Austin', '例如 董军、Austin'],
  any_event: ['All event types', '全部事件类型'],
  lines_total: ['{n} events', '{n} 个事件'],
  undated: ['{n} without a date (listed last)', '{n} 个事件无日期（列在最后）'],
  no_lines: ['No events match.', '没有符合条件的事件。'],
  date_from_doc: ['date of the report: no report dates the event itself', '报道日期：没有报道写明事件本身的日期'],
  no_date: ['no date', '无日期'],
  open_report: ['open the report', '打开报道'],
  sources_n: ['{n} sources', '{n} 个来源'],
  source_1: ['1 source', '1 个来源'],
  filtered_by: ['Filtered by', '筛选条件'],
  remove: ['remove', '移除'],
  status: ['Status', '状态'],
  place_lbl: ['Place', '地点'],
  axis_title: ['Events over time; click a mark to open its line', '事件时间轴；点击标记查看对应事件'],
  legend: ['Types', '类型'],
  lines_capped: ['the first {n} by date are drawn and listed', '仅绘制并列出按日期排前的 {n} 个'],
  none_in_view: ['No dated event in this window.', '此时间范围内没有带日期的事件。'],
  note_view: ['Showing {a} – {b}: {k} of {n} dated events', '显示 {a} 至 {b}：{n} 个有日期的事件中的 {k} 个'],
  note_outside: ['{n} outside the view: {sides}', '{n} 个在视图之外：{sides}'],
  note_earlier: ['{n} earlier ({years})', '更早 {n} 个（{years}）'],
  note_later: ['{n} later ({years})', '更晚 {n} 个（{years}）'],
  list_sep: [', ', '，'],
  zoom: ['Zoom', '缩放'],
  zoom_in: ['Zoom in (+)', '放大（+）'],
  zoom_out: ['Zoom out (−)', '缩小（−）'],
  zoom_reset: ['Reset', '复原'],
  zoom_reset_title: ['Back to the span where the events are (0)', '回到事件集中的时间段（0）'],
  zoom_all: ['All', '全部'],
  zoom_all_title: ['Show all dates', '显示全部日期'],
  chart_keys: ['Timeline chart: + and − zoom, ← and → move, 0 resets, End shows all dates; Tab to a mark and press Enter to open its event',
    '时间线图：+ 和 − 缩放，← 和 → 移动，0 复原，End 显示全部日期；用 Tab 选中标记后按 Enter 打开对应事件'],
  chart_hint: ['Drag across the chart to zoom to a range; wheel or pinch to zoom at the pointer, Shift+wheel to move; drag the band in the strip below, or its ends.',
    '在图上拖动可放大到所选范围；滚轮或双指缩放以指针为中心，Shift+滚轮左右移动；也可拖动下方条带中的方框或其两端。'],
  overview_title: ['All dates: the band is the window shown above', '全部日期：方框为上方显示的时间范围'],
  earlier_1: ['◀ 1 earlier event ({years})', '◀ 更早 1 个事件（{years}）'],
  earlier_n: ['◀ {n} earlier events ({years})', '◀ 更早 {n} 个事件（{years}）'],
  earlier_short: ['◀ {n} ({years})', '◀ {n}（{years}）'],
  later_1: ['1 later event ({years}) ▶', '更晚 1 个事件（{years}）▶'],
  later_n: ['{n} later events ({years}) ▶', '更晚 {n} 个事件（{years}）▶'],
  later_short: ['{n} ({years}) ▶', '{n}（{years}）▶'],
  edge_title: ['widen the view to show them', '扩大视图以显示'],
  low_confidence: ['low confidence', '低置信度'],
  low_confidence_title: ['The extractor is unsure of this event (confidence below 0.75): its date is only the report\'s, its people were found through a pronoun or 雙方, or it is a request or refusal read from the words around a meeting word.',
    '抽取结果把握不大（置信度低于 0.75）：日期只是报道日期，参与方由代词或“双方”推断，或是从会晤词周边词语读出的请求或拒绝。'],
  legend_span: ['month or year only', '仅知月份或年份'],
  // stories
  min_size: ['At least', '至少'],
  min_size_unit: ['reports', '篇报道'],
  no_stories: ['No stories of that size.', '没有这么大的报道组。'],
  stories_total: ['{n} stories', '{n} 组报道'],
  story_n: ['Story {n}', '报道组 {n}'],
  first_last: ['{a} to {b}', '{a} 至 {b}'],
  not_found_view: ['No such page.', '没有这个页面。'],
  // event types and statuses
  t_meet: ['meet', '会面'],
  t_call: ['call', '通话'],
  t_visit: ['visit', '访问'],
  t_talks: ['talks', '会谈'],
  t_request_meeting: ['request to meet', '请求会面'],
  t_refuse_meeting: ['refusal to meet', '拒绝会面'],
  t_suspend_dialogue: ['dialogue suspended', '中止对话'],
  t_resume_dialogue: ['dialogue resumed', '恢复对话'],
  t_agree: ['agreement', '达成一致'],
  s_occurred: ['occurred', '已发生'],
  s_planned: ['planned', '计划中'],
  s_proposed: ['proposed', '已提议'],
  s_refused: ['refused', '被拒绝'],
  s_cancelled: ['cancelled', '已取消'],
  // reasons a report joined its story
  'r_first report': ['first report', '首篇报道'],
  'r_near-duplicate': ['near-duplicate', '近似重复'],
  'r_same event': ['same event', '同一事件'],
  'r_shared wording': ['shared wording', '措辞相同'],
  'r_same people, same days': ['same people, same days', '同样的人、同样的日子'],
};

export const EVENT_TYPES = ['meet', 'call', 'visit', 'talks', 'request_meeting',
  'refuse_meeting', 'suspend_dialogue', 'resume_dialogue', 'agree'];

const LANG_KEY = 'dossier.lang';

function initialLang() {
  const kept = localStorage.getItem(LANG_KEY);
  if (kept === 'en' || kept === 'zh') return kept;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let lang = initialLang();

export function currentLang() { return lang; }

export function setLang(l) {
  lang = l;
  localStorage.setItem(LANG_KEY, l);
  document.documentElement.lang = l === 'zh' ? 'zh-Hans' : 'en';
}

// The text for KEY in the current language with {name} filled from VARS;
// an unknown key comes back as itself (so a new status or reason the server
// adds still shows, untranslated).
export function t(key, vars) {
  const pair = STRINGS[key];
  let s = pair ? pair[lang === 'zh' ? 1 : 0] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll('{' + k + '}', String(v));
  return s;
}

// A label for a server value (event type, status, reason) by prefix:
// label('t', 'meet') is "meet" / "会面"; an unknown value shows as itself.
export function label(prefix, value) {
  if (value == null) return '';
  const key = prefix + '_' + value;
  return key in STRINGS ? t(key) : String(value);
}
